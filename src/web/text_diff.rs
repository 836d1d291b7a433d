//! Which characters of a reading differ from the reference reading, for the side-by-side
//! comparisons: the characters outside a longest common subsequence.

/// One run of characters, marked when it is not in the reference.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub text: String,
    pub differs: bool,
}

/// Splits `text` into runs that are and are not shared with `reference`.
pub fn diff_against(reference: &str, text: &str) -> Vec<Span> {
    let a: Vec<char> = reference.chars().collect();
    let b: Vec<char> = text.chars().collect();
    // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut shared = vec![false; b.len()];
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            shared[j] = true;
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    for (c, is_shared) in b.iter().zip(shared) {
        match spans.last_mut() {
            Some(last) if last.differs != is_shared => last.text.push(*c),
            _ => spans.push(Span {
                text: c.to_string(),
                differs: !is_shared,
            }),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(reference: &str, text: &str) -> String {
        diff_against(reference, text)
            .into_iter()
            .map(|s| {
                if s.differs {
                    format!("[{}]", s.text)
                } else {
                    s.text
                }
            })
            .collect()
    }

    #[test]
    fn only_the_differing_characters_are_marked() {
        assert_eq!(
            marked("广州辉旭新材料有限公司", "广州辉旭新材料有限公司"),
            "广州辉旭新材料有限公司"
        );
        assert_eq!(
            marked("广州辉旭新材料有限公司", "广州辉加新材料有限公司"),
            "广州辉[加]新材料有限公司"
        );
        assert_eq!(
            marked("广州辉旭新材料有限公司", "广州辉旭新材料有限责任公司"),
            "广州辉旭新材料有限[责任]公司"
        );
        assert_eq!(marked("", "张三"), "[张三]");
        assert_eq!(marked("张三", ""), "");
    }
}
