//! Reading order of text lines: top to bottom, and left to right within a row.
//!
//! Two boxes share a row when their vertical centres are closer than half the smaller box's
//! height (PaddleOCR uses a fixed 10 px, which fails both on small and on large images).

use super::{Corner, TextLine};

/// Sorts `lines` into reading order.
pub fn sort_reading_order(lines: &mut Vec<TextLine>) {
    let quads: Vec<[Corner; 4]> = lines.iter().map(|l| l.quad).collect();
    let order = reading_order(&quads);
    let mut slots: Vec<Option<TextLine>> = std::mem::take(lines).into_iter().map(Some).collect();
    lines.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The indices of `quads` in reading order.
pub fn reading_order(quads: &[[Corner; 4]]) -> Vec<usize> {
    let extent = |q: &[Corner; 4]| {
        let ys = q.map(|p| p[1]);
        let xs = q.map(|p| p[0]);
        let top = ys.iter().copied().fold(f32::INFINITY, f32::min);
        let bottom = ys.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let left = xs.iter().copied().fold(f32::INFINITY, f32::min);
        (top, bottom, left)
    };
    let boxes: Vec<(f32, f32, f32)> = quads.iter().map(extent).collect();
    let centre = |i: usize| (boxes[i].0 + boxes[i].1) / 2.0;
    let height = |i: usize| (boxes[i].1 - boxes[i].0).max(1.0);

    let mut by_centre: Vec<usize> = (0..quads.len()).collect();
    by_centre.sort_by(|&a, &b| centre(a).total_cmp(&centre(b)));

    // Greedy rows: a box joins the current row when it is level with the row's first box.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for i in by_centre {
        match rows.last_mut() {
            Some(row)
                if (centre(i) - centre(row[0])).abs() < 0.5 * height(i).min(height(row[0])) =>
            {
                row.push(i)
            }
            _ => rows.push(vec![i]),
        }
    }
    for row in &mut rows {
        row.sort_by(|&a, &b| boxes[a].2.total_cmp(&boxes[b].2));
    }
    rows.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> [Corner; 4] {
        [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
    }

    #[test]
    fn rows_top_to_bottom_and_left_to_right() {
        let quads = [
            rect(300.0, 12.0, 100.0, 30.0), // row 1, right, a little lower
            rect(10.0, 100.0, 100.0, 30.0), // row 2
            rect(10.0, 10.0, 100.0, 30.0),  // row 1, left
            rect(200.0, 98.0, 50.0, 30.0),  // row 2, right, a little higher
        ];
        assert_eq!(reading_order(&quads), vec![2, 0, 1, 3]);
    }

    #[test]
    fn a_small_box_beside_a_tall_one_starts_its_own_row_only_when_not_level() {
        let quads = [rect(0.0, 0.0, 50.0, 100.0), rect(100.0, 80.0, 50.0, 10.0)];
        // Centres 50 and 85 differ by 35 > half of 10: two rows.
        assert_eq!(reading_order(&quads), vec![0, 1]);
        let quads = [rect(100.0, 45.0, 50.0, 10.0), rect(0.0, 0.0, 50.0, 100.0)];
        assert_eq!(reading_order(&quads), vec![1, 0]);
    }

    #[test]
    fn sorting_lines_keeps_every_line() {
        let line = |text: &str, y: f32| TextLine {
            text: text.into(),
            confidence: 1.0,
            quad: rect(0.0, y, 10.0, 10.0),
            spans: Vec::new(),
        };
        let mut lines = vec![line("b", 50.0), line("a", 0.0), line("c", 100.0)];
        sort_reading_order(&mut lines);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
    }

    #[test]
    fn no_lines() {
        assert!(reading_order(&[]).is_empty());
    }
}
