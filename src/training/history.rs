//! The loss history of a run: one row per evaluation, thinned to a fixed cap over a run
//! of any length.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryRow {
    pub epoch: usize,
    pub step: usize,
    pub train_loss: f64,
    pub test_loss: f64,
}

/// The most rows the loss history keeps: a run left playing for a lecture evaluates once
/// per animation frame (216 000 rows an hour), and the page draws every row every frame.
pub const HISTORY_CAP: usize = 2000;

/// The loss history, thinned to at most `HISTORY_CAP` rows over a run of any length.
///
/// Evaluations are numbered from 0. The history keeps those whose number is a multiple
/// of `stride` (at first 1: every evaluation), plus the latest row and the row of the
/// lowest finite test loss so far (where early stopping would stop). When it would exceed
/// the cap, the stride doubles and every row off the new grid goes (but for the first,
/// always on it, the latest and the best): about every other row, so the whole run stays
/// drawn at an even resolution and the curve keeps its shape.
#[derive(Clone, Debug)]
pub(crate) struct History {
    pub(crate) rows: Vec<HistoryRow>,
    /// The evaluation number of each row.
    seq: Vec<u64>,
    /// Evaluations recorded since the last `clear`.
    count: u64,
    stride: u64,
    /// Index in `rows` of the lowest finite test loss.
    best: Option<usize>,
    cap: usize,
}

impl History {
    pub(crate) fn new(cap: usize) -> History {
        History { rows: Vec::new(), seq: Vec::new(), count: 0, stride: 1, best: None, cap: cap.max(4) }
    }

    pub(crate) fn clear(&mut self) {
        *self = History::new(self.cap);
    }

    fn on_grid(&self, i: usize) -> bool {
        self.seq[i] % self.stride == 0
    }

    fn remove(&mut self, i: usize) {
        self.rows.remove(i);
        self.seq.remove(i);
    }

    pub(crate) fn push(&mut self, row: HistoryRow) {
        let n = self.count;
        self.count += 1;
        let new_best = row.test_loss.is_finite()
            && self.best.map_or(true, |b| row.test_loss < self.rows[b].test_loss);
        // Rows that lose their reason to stay: the previous latest (unless on the grid or
        // still the best) and, when this row is better, the previous best (unless on the grid).
        if let Some(last) = self.rows.len().checked_sub(1) {
            if !self.on_grid(last) && (new_best || self.best != Some(last)) {
                self.remove(last);
                if self.best == Some(last) {
                    self.best = None;
                }
            }
        }
        if new_best {
            if let Some(b) = self.best.take() {
                if !self.on_grid(b) {
                    self.remove(b);
                }
            }
        }
        self.rows.push(row);
        self.seq.push(n);
        if new_best {
            self.best = Some(self.rows.len() - 1);
        }
        if self.rows.len() > self.cap {
            // Double the stride until the grid (plus the latest and the best) fits.
            let best_seq = self.best.map(|b| self.seq[b]);
            let last_seq = n;
            while self.rows.len() > self.cap {
                self.stride *= 2;
                let stride = self.stride;
                let keep = |q: u64| q % stride == 0 || q == last_seq || Some(q) == best_seq;
                let mut k = self.seq.iter().map(|&q| keep(q)).collect::<Vec<_>>().into_iter();
                self.rows.retain(|_| k.next().expect("one flag a row"));
                self.seq.retain(|&q| keep(q));
            }
            self.best = best_seq.and_then(|q| self.seq.iter().position(|&p| p == q));
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, test_loss: f64) -> HistoryRow {
        HistoryRow { epoch: i, step: i, train_loss: 1.0 / (1.0 + i as f64), test_loss }
    }

    /// Rows in order, at most the cap, the first and the latest kept, the grid rows evenly
    /// spaced at the stride, and at least half the cap of them (the resolution is kept).
    fn check_shape(h: &History, n: usize) {
        assert!(h.rows.len() <= h.cap, "{} rows, cap {}", h.rows.len(), h.cap);
        assert_eq!(h.seq[0], 0);
        assert_eq!(*h.seq.last().unwrap(), n as u64 - 1);
        assert!(h.seq.windows(2).all(|w| w[0] < w[1]), "rows in order");
        assert!(h.rows.iter().zip(&h.seq).all(|(r, &q)| r.step as u64 == q), "rows and numbers together");
        let grid: Vec<u64> = h.seq.iter().copied().filter(|q| q % h.stride == 0).collect();
        assert!(grid.windows(2).all(|w| w[1] - w[0] == h.stride), "the grid is even");
        assert_eq!(*grid.last().unwrap(), (n as u64 - 1) / h.stride * h.stride, "the grid reaches the end");
        if n > h.cap {
            assert!(grid.len() >= h.cap / 2, "{} grid rows of cap {}", grid.len(), h.cap);
        }
        // Only the latest and the best may lie off the grid.
        assert!(h.seq.iter().filter(|q| *q % h.stride != 0).count() <= 2);
    }

    #[test]
    fn history_keeps_every_row_under_the_cap() {
        let mut h = History::new(HISTORY_CAP);
        for i in 0..HISTORY_CAP {
            h.push(row(i, (i as f64 - 700.0).abs()));
        }
        assert_eq!(h.rows.len(), HISTORY_CAP);
        assert!(h.rows.iter().enumerate().all(|(i, r)| r.step == i));
        assert_eq!(h.stride, 1);
        assert_eq!(h.best, Some(700));
    }

    #[test]
    fn history_thins_to_the_cap_keeping_first_latest_and_best_test_row() {
        // 15 minutes at 60 frames/s; the test loss bottoms out at an odd evaluation (off
        // every grid), rises, and has a NaN stretch (a divergence) that never counts as best.
        let n = 54_000;
        let best = 12_345;
        let mut h = History::new(HISTORY_CAP);
        for i in 0..n {
            let test = if (40_000..40_100).contains(&i) { f64::NAN } else { 1.0 + ((i as f64 - best as f64) / 1e4).powi(2) };
            h.push(row(i, test));
            assert!(h.rows.len() <= HISTORY_CAP);
        }
        check_shape(&h, n);
        let b = h.best.expect("a best row");
        assert_eq!(h.rows[b].step, best);
        assert_eq!(h.rows[b].test_loss, 1.0);
        assert!(h.rows.iter().filter(|r| r.test_loss.is_finite()).all(|r| r.test_loss >= 1.0));
        assert!(h.stride <= 2 * (n / HISTORY_CAP) as u64, "stride {}", h.stride);
    }

    #[test]
    fn history_with_a_new_best_every_row_stays_at_an_even_resolution() {
        // A falling test loss makes every new row the best: the superseded best must go,
        // or the stride would double far too often.
        let n = 100_000;
        let mut h = History::new(HISTORY_CAP);
        for i in 0..n {
            h.push(row(i, 1.0 / (1.0 + i as f64)));
        }
        check_shape(&h, n);
        assert_eq!(h.rows[h.best.unwrap()].step, n - 1);
        assert!(h.stride <= 2 * (n / HISTORY_CAP) as u64, "stride {}", h.stride);
        // A rising one: the first row stays the best.
        let mut h = History::new(HISTORY_CAP);
        for i in 0..n {
            h.push(row(i, i as f64));
        }
        check_shape(&h, n);
        assert_eq!(h.best, Some(0));
    }
}
