//! The structural differences of RULES.md §5.2 that make two names never auto-equal: the
//! legal-form suffix (`有限公司` vs `有限责任公司`), a branch suffix (`分公司`) and a region
//! in parentheses (`阿里巴巴(中国)有限公司` vs `阿里巴巴中国有限公司`).
//!
//! A name is read from the end: `[core][legal form][place + branch keyword]`. Two names
//! differ structurally when some of these parts differ and what is left, the core, is
//! equal up to OCR confusion substitutions (§5.3). Where the cores differ otherwise (a
//! different trade name) the difference is not structural and the similarity decides.
//! Works on names already in the comparison form of §5.1.

use super::confusion::confusion_equal;

/// Legal-form suffixes, longest first so that `股份有限公司` is not read as `有限公司`.
/// `有限责任公司`/`有限公司` (LLC) and `股份有限公司`/`股份公司` (company limited by shares)
/// are the forms of 公司法 (2023) Art. 7 (§5.2). A bare `公司` is the name of an enterprise
/// outside 公司法 (a 全民所有制 `…集团公司` before 改制); it is listed so that `…公司` vs
/// `…有限公司` is a legal-form difference too.
pub const LEGAL_FORMS: [&str; 5] = [
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "股份公司",
    "公司",
];

/// Suffixes that make a name a branch's rather than the head office's (§5.2).
pub const BRANCH_KEYWORDS: [&str; 4] = ["分公司", "分店", "营业部", "办事处"];

/// Which structural part of two names differs (§5.2, §5.4 row 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructuralDiff {
    /// A different legal-form suffix, or one present and one absent.
    LegalForm,
    /// A branch and its head office.
    Branch,
    /// A parenthesised part present in one and not the other, or parentheses around text
    /// that the other has without them.
    Paren,
}

/// The structural difference between two normalised names, if they differ only in
/// structure and OCR confusions. With several structural differences at once, the
/// outermost names the result: branch, then legal form, then parentheses. `None` for
/// equal names, confusion-only differences and names whose cores differ otherwise.
pub fn structural_difference(a: &[char], b: &[char]) -> Option<StructuralDiff> {
    let (head_a, branch_a) = split_branch(a);
    let (head_b, branch_b) = split_branch(b);
    let branch = match (branch_a, branch_b) {
        (None, None) => false,
        (Some(x), Some(y)) if confusion_equal(x, y) => false,
        // Two different branches: different entities, for the similarity to judge.
        (Some(_), Some(_)) => return None,
        (Some(_), None) => true,
        (None, Some(_)) => true,
    };
    let (head_a, head_b) = match (branch_a, branch_b) {
        (Some(_), None) => (trim_place(head_a, head_b), head_b),
        (None, Some(_)) => (head_a, trim_place(head_b, head_a)),
        _ => (head_a, head_b),
    };
    let (core_a, form_a) = split_legal_form(head_a);
    let (core_b, form_b) = split_legal_form(head_b);
    let legal_form = form_a != form_b;
    let paren = match compare_parentheses(core_a, core_b) {
        Parentheses::Same => false,
        Parentheses::Differ => true,
        Parentheses::Unrelated => return None,
    };
    if branch {
        Some(StructuralDiff::Branch)
    } else if legal_form {
        Some(StructuralDiff::LegalForm)
    } else if paren {
        Some(StructuralDiff::Paren)
    } else {
        None
    }
}

/// Splits a trailing branch part, the keyword and the place before it, from the head
/// office's name: `…有限公司杭州分公司` → (`…有限公司`, `杭州分公司`). The place is what
/// follows the last legal-form suffix; a name without one keeps the place in its head
/// (see [`trim_place`]).
pub fn split_branch(name: &[char]) -> (&[char], Option<&[char]>) {
    let Some(keyword) = BRANCH_KEYWORDS.iter().find(|k| ends_with(name, k)) else {
        return (name, None);
    };
    let before = &name[..name.len() - keyword.chars().count()];
    let head_end = (0..=before.len())
        .rev()
        .find(|&end| {
            LEGAL_FORMS
                .iter()
                .any(|form| ends_with(&before[..end], form))
        })
        .unwrap_or(before.len());
    (&name[..head_end], Some(&name[head_end..]))
}

/// A branch's head that still holds its place, cut to the head office's name when it
/// starts with it (confusion-aware): `闪客科技杭州` against `闪客科技` → `闪客科技`.
fn trim_place<'a>(branch_head: &'a [char], head_office: &[char]) -> &'a [char] {
    let prefix = branch_head.get(..head_office.len());
    match prefix {
        Some(prefix) if confusion_equal(prefix, head_office) => prefix,
        _ => branch_head,
    }
}

/// Splits the legal-form suffix off a name: `杭州闪客科技有限公司` → (`杭州闪客科技`,
/// `Some("有限公司")`); a name without one → (name, `None`).
pub fn split_legal_form(name: &[char]) -> (&[char], Option<&'static str>) {
    LEGAL_FORMS
        .iter()
        .find(|form| ends_with(name, form))
        .map_or((name, None), |form| {
            (&name[..name.len() - form.chars().count()], Some(*form))
        })
}

fn ends_with(name: &[char], suffix: &str) -> bool {
    let suffix: Vec<char> = suffix.chars().collect();
    name.ends_with(&suffix)
}

/// How two cores relate through their parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parentheses {
    /// Equal up to confusions: no parenthesis difference.
    Same,
    /// Equal once parentheses are looked through.
    Differ,
    /// Different in other text.
    Unrelated,
}

/// Compares two cores (§5.2 "a region in parentheses vs none"). They differ only in
/// parentheses when they are equal without the parenthesis characters (`(中国)` vs
/// `中国`), or equal without their parenthesised parts while one has parts the other
/// lacks (`(中国)` vs nothing). Two different regions are not a parenthesis difference.
fn compare_parentheses(a: &[char], b: &[char]) -> Parentheses {
    if confusion_equal(a, b) {
        return Parentheses::Same;
    }
    if confusion_equal(&without_parenthesis_marks(a), &without_parenthesis_marks(b)) {
        return Parentheses::Differ;
    }
    let (rest_a, parts_a) = split_parenthesised(a);
    let (rest_b, parts_b) = split_parenthesised(b);
    let extra_part = is_subsequence(&parts_a, &parts_b) || is_subsequence(&parts_b, &parts_a);
    if confusion_equal(&rest_a, &rest_b) && extra_part {
        Parentheses::Differ
    } else {
        Parentheses::Unrelated
    }
}

fn is_parenthesis(c: char) -> bool {
    c == '(' || c == ')'
}

fn without_parenthesis_marks(name: &[char]) -> Vec<char> {
    name.iter()
        .copied()
        .filter(|&c| !is_parenthesis(c))
        .collect()
}

/// A name without its parenthesised parts, and those parts' texts in order. An unpaired
/// parenthesis is dropped and its text kept.
fn split_parenthesised(name: &[char]) -> (Vec<char>, Vec<Vec<char>>) {
    let mut rest = Vec::new();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < name.len() {
        let close = (name[i] == '(')
            .then(|| name[i + 1..].iter().position(|&c| c == ')'))
            .flatten();
        match close {
            Some(offset) => {
                parts.push(name[i + 1..i + 1 + offset].to_vec());
                i += offset + 2;
            }
            None => {
                if !is_parenthesis(name[i]) {
                    rest.push(name[i]);
                }
                i += 1;
            }
        }
    }
    (rest, parts)
}

/// Whether every part of `short` appears in `long`, in order (confusion-aware).
fn is_subsequence(short: &[Vec<char>], long: &[Vec<char>]) -> bool {
    let mut long = long.iter();
    short
        .iter()
        .all(|part| long.any(|candidate| confusion_equal(part, candidate)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn diff(a: &str, b: &str) -> Option<StructuralDiff> {
        structural_difference(&chars(a), &chars(b))
    }

    #[test]
    fn splits_legal_form_longest_first() {
        let name = chars("上海浦东发展银行股份有限公司");
        let (core, form) = split_legal_form(&name);
        assert_eq!(core.iter().collect::<String>(), "上海浦东发展银行");
        assert_eq!(form, Some("股份有限公司"));
        assert_eq!(split_legal_form(&chars("成都天府软件")).1, None);
    }

    #[test]
    fn splits_branch_with_place() {
        let name = chars("杭州闪客科技有限公司西湖区分公司");
        let (head, branch) = split_branch(&name);
        assert_eq!(head.iter().collect::<String>(), "杭州闪客科技有限公司");
        assert_eq!(
            branch.map(|b| b.iter().collect::<String>()).as_deref(),
            Some("西湖区分公司")
        );
        let bare = chars("闪客科技有限公司分公司");
        assert_eq!(split_branch(&bare).1.map(<[char]>::len), Some(3));
        assert_eq!(split_branch(&chars("闪客科技有限公司")).1, None);
    }

    #[test]
    fn parenthesised_parts() {
        let (rest, parts) = split_parenthesised(&chars("阿里巴巴(中国)网络(杭州"));
        assert_eq!(rest.iter().collect::<String>(), "阿里巴巴网络杭州");
        assert_eq!(parts, vec![chars("中国")]);
    }

    #[test]
    fn each_kind_of_difference() {
        use StructuralDiff::*;
        assert_eq!(
            diff("闪客科技有限公司", "闪客科技有限责任公司"),
            Some(LegalForm)
        );
        assert_eq!(diff("闪客科技有限公司", "闪客科技"), Some(LegalForm));
        assert_eq!(
            diff("闪客科技有限公司", "闪客科技有限公司分公司"),
            Some(Branch)
        );
        assert_eq!(diff("闪客科技", "闪客科技杭州分店"), Some(Branch));
        assert_eq!(
            diff("阿里巴巴(中国)有限公司", "阿里巴巴中国有限公司"),
            Some(Paren)
        );
        assert_eq!(
            diff("阿里巴巴(中国)有限公司", "阿里巴巴有限公司"),
            Some(Paren)
        );
        assert_eq!(
            diff("阿里巴巴(中国)有限公司", "阿里巴巴(杭州)有限公司"),
            None
        );
        assert_eq!(diff("闪客科技有限公司", "闪客科技有限公司"), None);
        assert_eq!(diff("闪客科技有限公司", "闪客科技有限公同"), None);
        assert_eq!(diff("闪客科技有限公司", "闪电科技有限责任公司"), None);
        assert_eq!(
            diff("闪客科技有限公司杭州分公司", "闪客科技有限公司宁波分公司"),
            None
        );
    }
}
