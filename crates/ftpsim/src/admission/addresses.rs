//! Per-client-address state: open connections and recent admissions.
//!
//! The simulator asks about every arrival, so this is a flat open-addressing
//! hash table (linear probing, backward-shift deletion) that stops
//! allocating once it has seen as many addresses at once as it will ever
//! hold: freed rate histories are kept for reuse, and rebuilding the table
//! goes through a spare array of the same size.
//!
//! An address is forgotten once it has no open connection and no admission
//! inside the rate window, so memory follows the addresses that matter now,
//! not every address ever seen. Hashing is a fixed multiplicative hash:
//! deterministic on every platform, which the simulator needs.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::limits::RateLimit;
use crate::time::Instant;

#[derive(Clone, Debug)]
struct Entry {
    ip: IpAddr,
    active: u32,
    /// Admission times still inside the rate window, oldest first; never
    /// more than `RateLimit::max` of them, and only as many as there were
    /// admissions, so a huge `max` costs nothing until it is used.
    recent: VecDeque<Instant>,
}

/// Open connections and recent admissions by client address.
#[derive(Clone, Debug, Default)]
pub(crate) struct Addresses {
    /// Length zero or a power of two.
    slots: Vec<Option<Entry>>,
    len: usize,
    /// Same length as `slots`, all `None`: the target of a rebuild.
    spare_slots: Vec<Option<Entry>>,
    /// Emptied rate histories, kept with their capacity.
    spare_histories: Vec<VecDeque<Instant>>,
}

const MIN_SLOTS: usize = 16;

fn home(ip: IpAddr, mask: usize) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let folded = match ip {
        IpAddr::V4(v4) => u64::from(u32::from(v4)),
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            (bits as u64) ^ ((bits >> 64) as u64).wrapping_mul(K)
        }
    };
    let mixed = folded.wrapping_mul(K);
    (mixed ^ (mixed >> 29)) as usize & mask
}

impl Addresses {
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    fn find(&self, ip: IpAddr) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut at = home(ip, mask);
        // The table is never full, so the probe meets an empty slot.
        loop {
            match &self.slots[at] {
                None => return None,
                Some(entry) if entry.ip == ip => return Some(at),
                Some(_) => at = (at + 1) & mask,
            }
        }
    }

    pub fn active(&self, ip: IpAddr) -> u32 {
        self.find(ip)
            .and_then(|at| self.slots[at].as_ref())
            .map_or(0, |e| e.active)
    }

    /// How many addresses are remembered.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether admitting one more connection from `ip` now would exceed
    /// `rate`.
    pub fn rate_exceeded(&self, ip: IpAddr, now: Instant, rate: &RateLimit) -> bool {
        let in_window = self
            .find(ip)
            .and_then(|at| self.slots[at].as_ref())
            .map_or(0, |entry| {
                entry
                    .recent
                    .iter()
                    .rev()
                    .take_while(|&&at| now.saturating_duration_since(at) < rate.window)
                    .count()
            });
        in_window >= rate.max as usize
    }

    /// Records an admitted connection.
    pub fn admit(&mut self, ip: IpAddr, now: Instant, rate: Option<&RateLimit>) {
        let at = match self.find(ip) {
            Some(at) => at,
            None => self.insert(ip, now, rate),
        };
        let Some(entry) = self.slots[at].as_mut() else {
            return;
        };
        entry.active = entry.active.saturating_add(1);
        if let Some(rate) = rate.filter(|r| r.max > 0) {
            while entry
                .recent
                .front()
                .is_some_and(|&t| now.saturating_duration_since(t) >= rate.window)
                || entry.recent.len() >= rate.max as usize
            {
                entry.recent.pop_front();
            }
            entry.recent.push_back(now);
        }
    }

    /// Releases one connection of `ip`; false when `ip` had none open.
    pub fn release(&mut self, ip: IpAddr, now: Instant, rate: Option<&RateLimit>) -> bool {
        let Some(at) = self.find(ip) else {
            return false;
        };
        let Some(entry) = self.slots[at].as_mut() else {
            return false;
        };
        if entry.active == 0 {
            return false;
        }
        entry.active -= 1;
        if forgettable(entry, now, rate) {
            self.remove(at);
        }
        true
    }

    /// Inserts an empty entry for `ip` (not present) and returns its slot.
    fn insert(&mut self, ip: IpAddr, now: Instant, rate: Option<&RateLimit>) -> usize {
        // Keep the load at most 3/4: forget what can be forgotten first, and
        // grow only if the table is still more than half full, so that
        // sweeps happen at most once per quarter-table of insertions.
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.rebuild(self.slots.len().max(MIN_SLOTS), now, rate);
            if self.len * 2 > self.slots.len() {
                self.rebuild(self.slots.len() * 2, now, rate);
            }
        }
        let recent = self.spare_histories.pop().unwrap_or_default();
        let entry = Entry {
            ip,
            active: 0,
            recent,
        };
        self.len += 1;
        self.place(entry)
    }

    fn place(&mut self, entry: Entry) -> usize {
        let mask = self.mask();
        let mut at = home(entry.ip, mask);
        while self.slots[at].is_some() {
            at = (at + 1) & mask;
        }
        self.slots[at] = Some(entry);
        at
    }

    /// Removes the entry at `hole`, shifting later entries of its probe run
    /// back so that no lookup stops early.
    fn remove(&mut self, mut hole: usize) {
        let Some(entry) = self.slots[hole].take() else {
            return;
        };
        self.len -= 1;
        self.recycle(entry.recent);
        let mask = self.mask();
        let mut next = (hole + 1) & mask;
        while let Some(candidate) = &self.slots[next] {
            let from_home = next.wrapping_sub(home(candidate.ip, mask)) & mask;
            let from_hole = next.wrapping_sub(hole) & mask;
            if from_home >= from_hole {
                self.slots[hole] = self.slots[next].take();
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    fn recycle(&mut self, mut history: VecDeque<Instant>) {
        if history.capacity() > 0 {
            history.clear();
            self.spare_histories.push(history);
        }
    }

    /// Re-inserts every entry worth keeping into a table of `size` slots.
    fn rebuild(&mut self, size: usize, now: Instant, rate: Option<&RateLimit>) {
        if self.spare_slots.len() != size {
            self.spare_slots.clear();
            self.spare_slots.resize_with(size, || None);
        }
        core::mem::swap(&mut self.slots, &mut self.spare_slots);
        self.len = 0;
        for at in 0..self.spare_slots.len() {
            let Some(entry) = self.spare_slots[at].take() else {
                continue;
            };
            if entry.active == 0 && forgettable(&entry, now, rate) {
                self.recycle(entry.recent);
            } else {
                self.len += 1;
                self.place(entry);
            }
        }
        // Keep the spare the size of the table, for the next rebuild.
        if self.spare_slots.len() != self.slots.len() {
            self.spare_slots.clear();
            self.spare_slots.resize_with(self.slots.len(), || None);
        }
    }
}

fn forgettable(entry: &Entry, now: Instant, rate: Option<&RateLimit>) -> bool {
    entry.active == 0
        && match rate {
            None => true,
            Some(rate) => entry
                .recent
                .back()
                .is_none_or(|&last| now.saturating_duration_since(last) >= rate.window),
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};
    use core::time::Duration;

    fn v4(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(n))
    }

    #[test]
    fn many_addresses_in_and_out() {
        let mut table = Addresses::default();
        let now = Instant::ZERO;
        for n in 0..1000 {
            table.admit(v4(n), now, None);
            table.admit(v4(n), now, None);
        }
        table.admit(IpAddr::V6(Ipv6Addr::LOCALHOST), now, None);
        assert_eq!(table.len(), 1001);
        for n in 0..1000 {
            assert_eq!(table.active(v4(n)), 2, "{n}");
        }
        // Remove every other address, then check that the rest still resolve
        // (backward shift keeps probe runs intact).
        for n in (0..1000).step_by(2) {
            assert!(table.release(v4(n), now, None));
            assert!(table.release(v4(n), now, None));
            assert!(!table.release(v4(n), now, None));
        }
        for n in 0..1000 {
            assert_eq!(table.active(v4(n)), if n % 2 == 0 { 0 } else { 2 }, "{n}");
        }
        assert_eq!(table.len(), 501);
        assert_eq!(table.active(IpAddr::V6(Ipv6Addr::LOCALHOST)), 1);
    }

    #[test]
    fn rate_histories_are_forgotten_after_the_window() {
        let rate = RateLimit {
            max: 3,
            window: Duration::from_secs(10),
        };
        let mut table = Addresses::default();
        for n in 0..100 {
            table.admit(v4(n), Instant::ZERO, Some(&rate));
            assert!(table.release(v4(n), Instant::ZERO, Some(&rate)));
        }
        // Still inside the window: remembered.
        assert_eq!(table.len(), 100);
        let later = Instant::from_millis(10_000);
        // New addresses after the window push the old ones out.
        for n in 100..200 {
            table.admit(v4(n), later, Some(&rate));
        }
        assert!(table.len() < 200, "{}", table.len());
        assert!(!table.rate_exceeded(v4(0), later, &rate));
    }
}
