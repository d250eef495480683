//! A small pseudo-random number generator of our own (SplitMix64).
//!
//! The corpus must be the same bytes for the same seed on every machine and
//! with every dependency version, so it depends on no `rand` crate and uses
//! integer arithmetic only (no floating point anywhere in generation).

/// SplitMix64 (Steele, Lea and Flood 2014): 64 bits of state, full period,
/// good enough statistics for picking words.
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// One SplitMix64 output for `x`: a strong 64-bit mix, used to derive
/// independent streams and stable per-entity choices.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(GOLDEN);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Rng {
    /// A generator for one stream: the seed and a stream number (an
    /// article's index), so that every article can be made on its own.
    pub fn new(seed: u64, stream: u64) -> Self {
        Rng(mix(seed) ^ mix(stream.wrapping_mul(GOLDEN).wrapping_add(0x2545_f491_4f6c_dd1d)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0.wrapping_sub(GOLDEN))
    }

    /// A number in `0..n` (`n > 0`), by the multiply-shift reduction.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `0..n`, small numbers more likely: the least of
    /// `strength` uniform draws (P(k) falls roughly as (1 - k/n)^(strength-1)).
    pub fn skewed(&mut self, n: usize, strength: u32) -> usize {
        (0..strength.max(1)).map(|_| self.below(n)).min().unwrap_or(0)
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference SplitMix64 sequence for state 0 (from the published C code).
    #[test]
    fn matches_reference_splitmix64() {
        let mut r = Rng(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(r.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(7, 0);
        let mut seen = [false; 5];
        for _ in 0..200 {
            let k = r.below(5);
            seen[k] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn skewed_prefers_small_numbers() {
        let mut r = Rng::new(1, 2);
        let low = (0..1000).filter(|_| r.skewed(100, 3) < 50).count();
        assert!(low > 800, "{low}");
    }

    #[test]
    fn streams_differ() {
        assert_ne!(Rng::new(1, 0).next_u64(), Rng::new(1, 1).next_u64());
        assert_ne!(Rng::new(1, 0).next_u64(), Rng::new(2, 0).next_u64());
    }
}
