//! The weighted edit distance (WED) and similarity of RULES.md §5.4: Levenshtein over
//! characters where a substitution within an OCR confusion group (§5.3) is cheap, plus the
//! shape of the cheapest edit script, which the decision needs ("every edit is a
//! confusion-pair substitution").

use super::confusion::are_confusable;

/// Cost of inserting or deleting one character (§5.4).
const INDEL_COST: f64 = 1.0;

/// Cost of substituting a character that is not a confusion pair (§5.4).
const OTHER_SUBSTITUTION_COST: f64 = 1.0;

/// Two path costs closer than this are equal: the costs are sums of at most a few hundred
/// tenths, so the rounding of the sum is far below it and any real difference far above.
const COST_TOLERANCE: f64 = 1e-9;

/// The weighted edit distance between two names and how its cheapest edit script is made.
/// Where several scripts are cheapest, the one with the most substitutions (fewest edits)
/// is counted.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EditSummary {
    /// The weighted edit distance, WED.
    pub distance: f32,
    /// Substitutions within a confusion group (cost `confusion_cost` each).
    pub confusion_substitutions: usize,
    /// Substitutions of unrelated characters (cost 1 each).
    pub other_substitutions: usize,
    /// Insertions plus deletions (cost 1 each).
    pub indels: usize,
}

impl EditSummary {
    /// All edits of the script, of any kind.
    pub fn edits(&self) -> usize {
        self.confusion_substitutions + self.other_substitutions + self.indels
    }

    /// Whether the script has at least one edit and every edit is a confusion
    /// substitution: the shape of an OCR misreading (§5.4 row 3).
    pub fn only_confusions(&self) -> bool {
        self.confusion_substitutions > 0 && self.other_substitutions == 0 && self.indels == 0
    }
}

/// What replacing one character with another is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Substitution {
    Same,
    Confusion,
    Other,
}

impl Substitution {
    fn of(a: char, b: char) -> Self {
        if a == b {
            Self::Same
        } else if are_confusable(a, b) {
            Self::Confusion
        } else {
            Self::Other
        }
    }

    fn cost(self, confusion_cost: f64) -> f64 {
        match self {
            Self::Same => 0.0,
            Self::Confusion => confusion_cost,
            Self::Other => OTHER_SUBSTITUTION_COST,
        }
    }
}

/// The weighted edit distance from `a` to `b` (§5.4): insertion and deletion 1,
/// substitution 0 if equal, `confusion_cost` for a confusion pair, 1 otherwise; with the
/// counts of the cheapest script, found by walking the DP table back.
pub fn weighted_edit_distance(a: &[char], b: &[char], confusion_cost: f32) -> EditSummary {
    let table = CostTable::fill(a, b, f64::from(confusion_cost));
    table.summarise(a, b, f64::from(confusion_cost))
}

/// `s = 1 − WED / max(len_a, len_b)` with lengths in characters (§5.4); two empty names
/// are identical (1.0).
pub fn similarity(distance: f32, len_a: usize, len_b: usize) -> f32 {
    let longest = len_a.max(len_b);
    if longest == 0 {
        return 1.0;
    }
    (1.0 - f64::from(distance) / longest as f64) as f32
}

/// The Levenshtein DP table: `cost(i, j)` is the cheapest script from `a[..i]` to `b[..j]`.
struct CostTable {
    width: usize,
    cells: Vec<f64>,
}

impl CostTable {
    fn fill(a: &[char], b: &[char], confusion_cost: f64) -> Self {
        let width = b.len() + 1;
        let mut table = Self {
            width,
            cells: vec![0.0; (a.len() + 1) * width],
        };
        for i in 0..=a.len() {
            for j in 0..=b.len() {
                let cost = match (i, j) {
                    (0, _) => j as f64 * INDEL_COST,
                    (_, 0) => i as f64 * INDEL_COST,
                    _ => {
                        let substitute = table.cost(i - 1, j - 1)
                            + Substitution::of(a[i - 1], b[j - 1]).cost(confusion_cost);
                        let delete = table.cost(i - 1, j) + INDEL_COST;
                        let insert = table.cost(i, j - 1) + INDEL_COST;
                        substitute.min(delete).min(insert)
                    }
                };
                table.cells[i * width + j] = cost;
            }
        }
        table
    }

    fn cost(&self, i: usize, j: usize) -> f64 {
        self.cells[i * self.width + j]
    }

    /// Walks back from the last cell along a cheapest path, preferring a substitution
    /// (or match) over a deletion over an insertion, and counts the edits.
    fn summarise(&self, a: &[char], b: &[char], confusion_cost: f64) -> EditSummary {
        let mut summary = EditSummary {
            distance: self.cost(a.len(), b.len()) as f32,
            ..EditSummary::default()
        };
        let (mut i, mut j) = (a.len(), b.len());
        while i > 0 || j > 0 {
            let here = self.cost(i, j);
            let diagonal = (i > 0 && j > 0).then(|| Substitution::of(a[i - 1], b[j - 1]));
            if let Some(substitution) = diagonal
                .filter(|s| same_cost(here, self.cost(i - 1, j - 1) + s.cost(confusion_cost)))
            {
                match substitution {
                    Substitution::Same => {}
                    Substitution::Confusion => summary.confusion_substitutions += 1,
                    Substitution::Other => summary.other_substitutions += 1,
                }
                i -= 1;
                j -= 1;
            } else if i > 0 && same_cost(here, self.cost(i - 1, j) + INDEL_COST) {
                summary.indels += 1;
                i -= 1;
            } else {
                summary.indels += 1;
                j -= 1;
            }
        }
        summary
    }
}

fn same_cost(x: f64, y: f64) -> bool {
    (x - y).abs() < COST_TOLERANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn wed(a: &str, b: &str) -> EditSummary {
        weighted_edit_distance(&chars(a), &chars(b), 0.3)
    }

    #[test]
    fn costs_of_each_edit() {
        assert_eq!(wed("", "").distance, 0.0);
        assert_eq!(wed("有限公司", "有限公司").edits(), 0);
        let confusion = wed("有限公司", "有限公同");
        assert!((confusion.distance - 0.3).abs() < 1e-6);
        assert_eq!(confusion.confusion_substitutions, 1);
        assert!(confusion.only_confusions());
        let other = wed("华为", "华力");
        assert_eq!(other.distance, 1.0);
        assert_eq!(other.other_substitutions, 1);
        let inserted = wed("有限公司", "有限责任公司");
        assert_eq!(inserted.distance, 2.0);
        assert_eq!(inserted.indels, 2);
        assert_eq!(inserted.edits(), 2);
        assert_eq!(wed("", "分公司").indels, 3);
    }

    #[test]
    fn a_substitution_is_preferred_to_a_deletion_and_an_insertion() {
        let summary = wed("ABC", "AXC");
        assert_eq!(summary.other_substitutions, 1);
        assert_eq!(summary.indels, 0);
    }

    #[test]
    fn similarity_is_relative_to_the_longer_name() {
        assert_eq!(similarity(0.0, 0, 0), 1.0);
        assert_eq!(similarity(1.0, 10, 10), 0.9);
        assert_eq!(similarity(3.0, 0, 3), 0.0);
        assert!((similarity(2.0, 10, 12) - 0.8333).abs() < 1e-4);
    }
}
