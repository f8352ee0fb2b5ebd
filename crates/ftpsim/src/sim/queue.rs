//! The pending events of a run, earliest first.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Reverse;

/// An event: when, and a tag the engine decodes (what happens, to whom).
/// Ordered by time, then by tag, so that simultaneous events always come
/// out in the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Event {
    pub at: u64,
    pub tag: u64,
}

impl Event {
    /// Time in the high half, tag in the low half: one integer comparison
    /// orders events the same way as comparing `(at, tag)`.
    #[inline]
    fn key(self) -> u128 {
        (u128::from(self.at) << 64) | u128::from(self.tag)
    }

    #[inline]
    fn from_key(key: u128) -> Event {
        Event {
            at: (key >> 64) as u64,
            tag: key as u64,
        }
    }
}

/// A binary min-heap of events. Its size is the number of live sessions
/// plus clients waiting to retry, so memory follows concurrency, not the
/// length of the run.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Reverse<u128>>,
}

impl EventQueue {
    #[inline]
    pub(crate) fn push(&mut self, at: u64, tag: u64) {
        self.heap.push(Reverse(Event { at, tag }.key()));
    }

    /// When the earliest event is due (`u64::MAX` when there is none).
    #[inline]
    pub(crate) fn next_at(&self) -> u64 {
        self.heap.peek().map_or(u64::MAX, |e| (e.0 >> 64) as u64)
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Option<Event> {
        self.heap.pop().map(|e| Event::from_key(e.0))
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }

    /// Takes out every event for which `remove` says true, keeping the rest.
    pub(crate) fn extract(&mut self, mut remove: impl FnMut(&Event) -> bool) -> Vec<Event> {
        let all = core::mem::take(&mut self.heap).into_vec();
        let mut taken = Vec::new();
        let mut kept = Vec::with_capacity(all.len());
        for Reverse(key) in all {
            let event = Event::from_key(key);
            if remove(&event) {
                taken.push(event);
            } else {
                kept.push(Reverse(key));
            }
        }
        taken.sort_unstable();
        self.heap = BinaryHeap::from(kept);
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_tag_order() {
        let mut q = EventQueue::default();
        for (at, tag) in [(5, 1), (3, 9), (5, 0), (1, 4)] {
            q.push(at, tag);
        }
        assert_eq!(q.next_at(), 1);
        let order: Vec<(u64, u64)> =
            core::iter::from_fn(|| q.pop().map(|e| (e.at, e.tag))).collect();
        assert_eq!(order, [(1, 4), (3, 9), (5, 0), (5, 1)]);
        assert_eq!(q.next_at(), u64::MAX);
    }

    #[test]
    fn extract_splits_the_queue() {
        let mut q = EventQueue::default();
        for at in 0..10 {
            q.push(at, at % 2);
        }
        let odd = q.extract(|e| e.tag == 1);
        assert_eq!(odd.len(), 5);
        assert_eq!(q.len(), 5);
        assert!(odd.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(q.pop().map(|e| e.at), Some(0));
    }
}
