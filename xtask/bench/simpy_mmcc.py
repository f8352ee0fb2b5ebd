"""M/M/c/c loss system in SimPy: the peer of ftpsim's simulator in `cargo xtask bench`.

Poisson arrivals at rate `load`, exponential sessions of mean 1, `servers`
slots; an arrival that finds every slot taken is refused. Prints, as JSON,
the arrivals, the refusals, the blocking probability, the wall time of the
run and arrivals per second.

Two styles of the same model:

- `idiomatic`: as SimPy's documentation writes it, one process per customer
  that checks the resource and, if a slot is free, holds it with
  `with slots.request() as request`;
- `lean`: no process for a refused arrival, and the source process itself
  takes the slot, so that SimPy does the least work it can.

    python simpy_mmcc.py SERVERS LOAD ARRIVALS SEED [idiomatic|lean]
"""

import json
import random
import sys
import time

import simpy


def run(servers, load, arrivals, seed, style):
    rng = random.Random(seed)
    env = simpy.Environment()
    slots = simpy.Resource(env, capacity=servers)
    counts = {"arrivals": 0, "refused": 0}

    def customer():
        if slots.count >= slots.capacity:
            counts["refused"] += 1
            return
        with slots.request() as request:
            yield request
            yield env.timeout(rng.expovariate(1.0))

    def idiomatic_source():
        while counts["arrivals"] < arrivals:
            yield env.timeout(rng.expovariate(load))
            counts["arrivals"] += 1
            env.process(customer())

    def session(request):
        yield env.timeout(rng.expovariate(1.0))
        slots.release(request)

    def lean_source():
        while counts["arrivals"] < arrivals:
            yield env.timeout(rng.expovariate(load))
            counts["arrivals"] += 1
            if slots.count >= servers:
                counts["refused"] += 1
                continue
            request = slots.request()
            yield request
            env.process(session(request))

    env.process(idiomatic_source() if style == "idiomatic" else lean_source())
    start = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - start
    return {
        "tool": "simpy",
        "style": style,
        "version": simpy.__version__,
        "servers": servers,
        "load": load,
        "arrivals": counts["arrivals"],
        "refused": counts["refused"],
        "blocking": counts["refused"] / counts["arrivals"],
        "elapsed_secs": elapsed,
        "arrivals_per_sec": counts["arrivals"] / elapsed,
    }


if __name__ == "__main__":
    servers, load, arrivals, seed = sys.argv[1:5]
    style = sys.argv[5] if len(sys.argv) > 5 else "idiomatic"
    if style not in ("idiomatic", "lean"):
        sys.exit(f"style must be idiomatic or lean, not {style!r}")
    print(json.dumps(run(int(servers), float(load), int(arrivals), int(seed), style)))
