"""M/M/c/c loss system in Ciw: the peer of ftpsim's simulator in `cargo xtask bench`.

One node with `servers` servers and no queue (queue_capacities=0), Poisson
arrivals at rate `load`, exponential service of mean 1; an arrival that
finds every server busy is lost. Ciw runs for a simulated time, so it runs
for ARRIVALS / LOAD time units and counts the arrivals it saw. Prints, as
JSON, the arrivals, the refusals, the blocking probability, the wall time
of the run and arrivals per second.

    python ciw_mmcc.py SERVERS LOAD ARRIVALS SEED
"""

import json
import sys
import time

import ciw


def run(servers, load, arrivals, seed):
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=load)],
        service_distributions=[ciw.dists.Exponential(rate=1.0)],
        number_of_servers=[servers],
        queue_capacities=[0],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    start = time.perf_counter()
    simulation.simulate_until_max_time(arrivals / load)
    elapsed = time.perf_counter() - start
    refused = len(simulation.get_all_records(only=["rejection"]))
    served = len(simulation.get_all_records(only=["service"]))
    # Still in service at the end: arrived, not refused.
    in_service = sum(len(node.all_individuals) for node in simulation.transitive_nodes)
    total = refused + served + in_service
    return {
        "tool": "ciw",
        "version": ciw.__version__,
        "servers": servers,
        "load": load,
        "arrivals": total,
        "refused": refused,
        "blocking": refused / total,
        "elapsed_secs": elapsed,
        "arrivals_per_sec": total / elapsed,
    }


if __name__ == "__main__":
    servers, load, arrivals, seed = sys.argv[1:5]
    print(json.dumps(run(int(servers), float(load), int(arrivals), int(seed))))
