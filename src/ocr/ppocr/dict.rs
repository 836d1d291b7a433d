//! The recogniser's character list and greedy CTC decoding of its output.
//!
//! PP-OCR's recogniser emits, for every column step, a probability for each class: class 0
//! is the CTC blank, classes 1..=n are the dictionary's lines in order, and class n + 1 is
//! a space (PaddleOCR's `use_space_char`).

use std::path::Path;

use crate::ocr::OcrError;

/// The recogniser's classes, index 0 (the CTC blank) excluded.
#[derive(Debug, Clone)]
pub struct Dictionary {
    chars: Vec<String>,
}

/// The text of one line read from a probability matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// Mean of the kept characters' probabilities; 0 when nothing was kept.
    pub confidence: f32,
    /// The time step (column of the output) of each character of `text`, for positions.
    pub steps: Vec<usize>,
    /// Input columns per time step (the recogniser's horizontal stride), so that step `t`
    /// covers columns `t × step_width .. (t + 1) × step_width` of its crop.
    pub step_width: f32,
}

impl Dictionary {
    /// Reads a dictionary file: one entry per line, taken as-is (the first entry of
    /// `ppocrv5_dict.txt` is an ideographic space, so lines are not trimmed).
    pub fn load(path: &Path) -> Result<Dictionary, OcrError> {
        if !path.exists() {
            return Err(OcrError::ModelMissing {
                path: path.to_path_buf(),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| OcrError::Dictionary {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let dict = Dictionary::from_text(&text);
        if dict.chars.len() < 2 {
            return Err(OcrError::Dictionary {
                path: path.to_path_buf(),
                message: "fewer than one entry".into(),
            });
        }
        Ok(dict)
    }

    /// A dictionary from the file's text; a space is appended as the last class.
    pub fn from_text(text: &str) -> Dictionary {
        let mut chars: Vec<String> = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line).to_string())
            .collect();
        if chars.last().is_some_and(String::is_empty) {
            chars.pop(); // the final newline
        }
        chars.push(" ".into());
        Dictionary { chars }
    }

    /// Number of classes the recogniser must emit: the blank plus every entry.
    pub fn num_classes(&self) -> usize {
        self.chars.len() + 1
    }

    /// Greedy CTC decoding of one line: `probs` holds `steps` rows of `num_classes`
    /// probabilities. Takes the most likely class at each step, merges repeats, drops
    /// blanks; the confidence is the mean probability of the kept characters.
    /// `step_width` is the number of input columns per step, kept for positions.
    pub fn decode(&self, probs: &[f32], num_classes: usize, step_width: f32) -> Decoded {
        self.decode_within(probs, num_classes, step_width, None)
    }

    /// [`Dictionary::decode`] with only the blank and the entries whose characters all
    /// pass `allowed` competing at each step, when given: the reading of a field whose
    /// alphabet is known (a credit code has no `O`, so a glyph the recogniser finds
    /// slightly more like `O` than `0` is read `0`).
    pub fn decode_within(
        &self,
        probs: &[f32],
        num_classes: usize,
        step_width: f32,
        allowed: Option<&dyn Fn(char) -> bool>,
    ) -> Decoded {
        let competes = |class: usize| {
            class == 0
                || allowed.is_none_or(|allowed| {
                    self.chars
                        .get(class - 1)
                        .is_some_and(|entry| entry.chars().all(allowed))
                })
        };
        let mut text = String::new();
        let mut kept = Vec::new();
        let mut steps = Vec::new();
        let mut previous = 0;
        for (step, row) in probs.chunks_exact(num_classes).enumerate() {
            let (class, p) = row
                .iter()
                .copied()
                .enumerate()
                .filter(|&(i, _)| competes(i))
                .fold((0, f32::NEG_INFINITY), |best, (i, p)| {
                    if p > best.1 { (i, p) } else { best }
                });
            if class != 0
                && class != previous
                && let Some(c) = self.chars.get(class - 1)
            {
                text.push_str(c);
                kept.push(p);
                steps.extend(std::iter::repeat_n(step, c.chars().count()));
            }
            previous = class;
        }
        let confidence = if kept.is_empty() {
            0.0
        } else {
            kept.iter().sum::<f32>() / kept.len() as f32
        };
        Decoded {
            text,
            confidence,
            steps,
            step_width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A probability matrix from the most likely class per step and its probability.
    fn matrix(classes: usize, steps: &[(usize, f32)]) -> Vec<f32> {
        let mut probs = vec![0.0; classes * steps.len()];
        for (t, &(class, p)) in steps.iter().enumerate() {
            let row = &mut probs[t * classes..(t + 1) * classes];
            row.fill((1.0 - p) / (classes - 1) as f32);
            row[class] = p;
        }
        probs
    }

    #[test]
    fn classes_are_blank_entries_then_space() {
        let dict = Dictionary::from_text("　\n一\n1\n");
        assert_eq!(dict.num_classes(), 5);
        assert_eq!(dict.chars, ["　", "一", "1", " "]);
    }

    #[test]
    fn greedy_decode_merges_repeats_and_drops_blanks() {
        let dict = Dictionary::from_text("a\nb\n1\n");
        let n = dict.num_classes(); // blank a b 1 space
        // a a _ a b b _ 1 space 1 _
        let probs = matrix(
            n,
            &[
                (1, 0.9),
                (1, 0.8),
                (0, 0.9),
                (1, 0.7),
                (2, 0.6),
                (2, 0.9),
                (0, 0.5),
                (3, 1.0),
                (4, 0.8),
                (3, 0.6),
                (0, 0.9),
            ],
        );
        let decoded = dict.decode(&probs, n, 8.0);
        assert_eq!(decoded.text, "aab1 1");
        assert_eq!(decoded.steps, [0, 3, 4, 7, 8, 9]);
        let mean = (0.9 + 0.7 + 0.6 + 1.0 + 0.8 + 0.6) / 6.0;
        assert!((decoded.confidence - mean).abs() < 1e-6);
    }

    #[test]
    fn decoding_within_an_alphabet_takes_the_likeliest_allowed_class() {
        let dict = Dictionary::from_text("O\n0\n1\n");
        let n = dict.num_classes(); // blank O 0 1 space
        // Step 0: O 0.6, 0 0.3; step 1: blank; step 2: 1.
        let mut probs = vec![0.0; 3 * n];
        probs[1] = 0.6;
        probs[2] = 0.3;
        probs[n] = 1.0;
        probs[2 * n + 3] = 0.9;
        assert_eq!(dict.decode(&probs, n, 8.0).text, "O1");
        let digits = |c: char| c.is_ascii_digit();
        let decoded = dict.decode_within(&probs, n, 8.0, Some(&digits));
        assert_eq!(decoded.text, "01");
        assert!((decoded.confidence - (0.3 + 0.9) / 2.0).abs() < 1e-6);
    }

    #[test]
    fn all_blank_is_empty_with_zero_confidence() {
        let dict = Dictionary::from_text("a\n");
        let decoded = dict.decode(&matrix(3, &[(0, 0.9), (0, 0.9)]), 3, 8.0);
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.confidence, 0.0);
    }

    #[test]
    fn crlf_lines_and_no_final_newline() {
        let dict = Dictionary::from_text("x\r\ny");
        assert_eq!(dict.chars, ["x", "y", " "]);
    }

    #[test]
    fn missing_file_names_it_and_setup() {
        let error = Dictionary::load(Path::new("/no/such/dict.txt")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("/no/such/dict.txt") && message.contains("scripts/setup.sh"));
    }
}
