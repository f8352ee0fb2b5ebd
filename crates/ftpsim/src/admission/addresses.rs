//! Per-client-address state: open connections and recent admissions.

use alloc::collections::{BTreeMap, VecDeque};
use core::net::IpAddr;

use super::limits::RateLimit;
use crate::time::Instant;

#[derive(Clone, Debug, Default)]
struct Entry {
    active: u32,
    /// Admission times within the rate window, oldest first; at most
    /// `RateLimit::max` of them.
    recent: VecDeque<Instant>,
}

/// Open connections and recent admissions by client address.
///
/// An address is forgotten once it has no open connection and no admission
/// inside the rate window, so memory follows the addresses that matter now,
/// not every address ever seen.
#[derive(Clone, Debug, Default)]
pub(crate) struct Addresses {
    entries: BTreeMap<IpAddr, Entry>,
    /// Size after the last sweep of forgettable entries; the next sweep runs
    /// when the table has doubled, which keeps sweeping O(1) amortised.
    swept_at: usize,
}

impl Addresses {
    pub fn active(&self, ip: IpAddr) -> u32 {
        self.entries.get(&ip).map_or(0, |e| e.active)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether admitting one more connection from `ip` now would exceed
    /// `rate`.
    pub fn rate_exceeded(&self, ip: IpAddr, now: Instant, rate: &RateLimit) -> bool {
        let Some(entry) = self.entries.get(&ip) else {
            return rate.max == 0;
        };
        let in_window = entry
            .recent
            .iter()
            .filter(|&&at| now.saturating_duration_since(at) < rate.window)
            .count();
        in_window >= rate.max as usize
    }

    /// Records an admitted connection.
    pub fn admit(&mut self, ip: IpAddr, now: Instant, rate: Option<&RateLimit>) {
        if self.entries.len() >= self.swept_at.saturating_mul(2).max(64) {
            self.sweep(now, rate);
        }
        let entry = self.entries.entry(ip).or_default();
        entry.active += 1;
        if let Some(rate) = rate {
            if rate.max > 0 {
                while entry.recent.len() >= rate.max as usize {
                    entry.recent.pop_front();
                }
                entry.recent.push_back(now);
            }
        }
    }

    /// Releases one connection of `ip`; false when `ip` had none open.
    pub fn release(&mut self, ip: IpAddr, now: Instant, rate: Option<&RateLimit>) -> bool {
        let Some(entry) = self.entries.get_mut(&ip) else {
            return false;
        };
        if entry.active == 0 {
            return false;
        }
        entry.active -= 1;
        if entry.active == 0 && forgettable(entry, now, rate) {
            self.entries.remove(&ip);
        }
        true
    }

    fn sweep(&mut self, now: Instant, rate: Option<&RateLimit>) {
        self.entries
            .retain(|_, entry| entry.active > 0 || !forgettable(entry, now, rate));
        self.swept_at = self.entries.len();
    }
}

fn forgettable(entry: &Entry, now: Instant, rate: Option<&RateLimit>) -> bool {
    match rate {
        None => true,
        Some(rate) => entry
            .recent
            .back()
            .is_none_or(|&last| now.saturating_duration_since(last) >= rate.window),
    }
}
