//! Pairing truth findings with reported findings: same code, same document when the truth
//! names one, overlapping regions when the truth has one. One-to-one and greedy.

use super::TruthFinding;
use crate::report::{Finding, Region};

/// Whether two regions share some area (intersection area > 0). Touching edges and empty
/// regions do not overlap.
pub fn regions_overlap(a: Region, b: Region) -> bool {
    a.overlaps(b)
}

/// Whether `reported` can stand for `truth`.
fn satisfies(truth: &TruthFinding, reported: &Finding) -> bool {
    if truth.code != reported.code {
        return false;
    }
    if let Some(document) = &truth.document
        && reported.document.as_ref() != Some(document)
        && !lists_all(truth, reported)
    {
        return false;
    }
    match (truth.region, reported.region) {
        (None, _) => true,
        (Some(t), Some(r)) => regions_overlap(t, r),
        (Some(_), None) => false,
    }
}

/// Whether a finding about several documents names every document the truth lists, so
/// that which of them comes first does not matter.
fn lists_all(truth: &TruthFinding, reported: &Finding) -> bool {
    !truth.documents.is_empty()
        && truth
            .documents
            .iter()
            .all(|d| reported.documents.contains(d) || reported.document.as_ref() == Some(d))
}

/// The outcome of [`match_findings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingMatch {
    /// For each truth finding, in order, the index of the reported finding it was paired
    /// with; `None` is a false negative.
    pub truth_to_report: Vec<Option<usize>>,
    /// Indices of the reported findings paired with no truth finding, in order.
    pub unmatched_reported: Vec<usize>,
}

/// Pairs each truth finding, in order, with the first reported finding not yet taken that
/// satisfies it. Greedy: a truth finding may take a reported finding that a later one needed
/// more, which only matters when several findings of one code on one document overlap.
pub fn match_findings(truth: &[TruthFinding], reported: &[Finding]) -> FindingMatch {
    let mut taken = vec![false; reported.len()];
    let truth_to_report = truth
        .iter()
        .map(|t| {
            let index = (0..reported.len()).find(|&i| !taken[i] && satisfies(t, &reported[i]))?;
            taken[index] = true;
            Some(index)
        })
        .collect();
    let unmatched_reported = (0..reported.len()).filter(|&i| !taken[i]).collect();
    FindingMatch {
        truth_to_report,
        unmatched_reported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FindingCode;

    fn region(r: [u32; 4]) -> Region {
        Region::from(r)
    }

    fn truth(code: FindingCode, document: Option<&str>, r: Option<[u32; 4]>) -> TruthFinding {
        TruthFinding {
            code,
            severity: None,
            document: document.map(str::to_string),
            documents: Vec::new(),
            field: None,
            region: r.map(region),
        }
    }

    fn reported(code: FindingCode, document: Option<&str>, r: Option<[u32; 4]>) -> Finding {
        let mut finding = Finding::new(code, "测试", "test");
        finding.document = document.map(str::to_string);
        finding.region = r.map(region);
        finding
    }

    #[test]
    fn region_overlap_table() {
        let cases = [
            ([0, 0, 10, 10], [5, 5, 10, 10], true),
            ([0, 0, 10, 10], [0, 0, 10, 10], true),
            ([0, 0, 10, 10], [2, 2, 3, 3], true),   // inside
            ([0, 0, 10, 10], [10, 0, 5, 5], false), // touching edge
            ([0, 0, 10, 10], [0, 10, 5, 5], false),
            ([0, 0, 10, 10], [20, 20, 5, 5], false),
            ([0, 0, 10, 10], [9, 9, 1, 1], true),   // one pixel
            ([0, 0, 10, 10], [5, 5, 0, 10], false), // empty
            ([5, 0, 10, 10], [0, 0, 6, 10], true),  // b starts left of a
            (
                [u32::MAX - 1, 0, u32::MAX, 5],
                [u32::MAX - 2, 0, 2, 5],
                true,
            ), // no overflow
        ];
        for (a, b, expected) in cases {
            assert_eq!(
                regions_overlap(region(a), region(b)),
                expected,
                "{a:?} {b:?}"
            );
            assert_eq!(
                regions_overlap(region(b), region(a)),
                expected,
                "{b:?} {a:?}"
            );
        }
    }

    #[test]
    fn greedy_matching_table() {
        use FindingCode::{Blur, Glare};
        let lic = Some("licence.jpg");
        let id = Some("id.jpg");
        let place = Some([10, 10, 50, 50]);
        let elsewhere = Some([500, 500, 50, 50]);
        type Case = (
            Vec<TruthFinding>,
            Vec<Finding>,
            Vec<Option<usize>>,
            Vec<usize>,
        );
        let cases: Vec<Case> = vec![
            // Code, document and region agree.
            (
                vec![truth(Blur, lic, place)],
                vec![reported(Blur, lic, place)],
                vec![Some(0)],
                vec![],
            ),
            // Another code does not count and is left over.
            (
                vec![truth(Blur, lic, None)],
                vec![reported(Glare, lic, None)],
                vec![None],
                vec![0],
            ),
            // The truth names a document: another one does not count.
            (
                vec![truth(Blur, lic, None)],
                vec![reported(Blur, id, None)],
                vec![None],
                vec![0],
            ),
            // The truth names none: any document counts.
            (
                vec![truth(Blur, None, None)],
                vec![reported(Blur, id, None)],
                vec![Some(0)],
                vec![],
            ),
            // The truth has a region: a reported finding without one, or elsewhere, does not count.
            (
                vec![truth(Blur, lic, place)],
                vec![reported(Blur, lic, None)],
                vec![None],
                vec![0],
            ),
            (
                vec![truth(Blur, lic, place)],
                vec![reported(Blur, lic, elsewhere)],
                vec![None],
                vec![0],
            ),
            // The truth has no region: any region counts.
            (
                vec![truth(Blur, lic, None)],
                vec![reported(Blur, lic, elsewhere)],
                vec![Some(0)],
                vec![],
            ),
            // One-to-one: two truths, one report.
            (
                vec![truth(Blur, lic, None), truth(Blur, lic, None)],
                vec![reported(Blur, lic, None)],
                vec![Some(0), None],
                vec![],
            ),
            // One-to-one: one truth, two reports; the first is taken.
            (
                vec![truth(Blur, lic, None)],
                vec![reported(Blur, lic, None), reported(Blur, lic, None)],
                vec![Some(0)],
                vec![1],
            ),
            // Each truth takes the first report that satisfies it, skipping non-overlapping ones.
            (
                vec![truth(Blur, lic, elsewhere), truth(Blur, lic, place)],
                vec![reported(Blur, lic, place), reported(Blur, lic, elsewhere)],
                vec![Some(1), Some(0)],
                vec![],
            ),
            // Greedy, not optimal: the region-free truth takes the only report the second needed.
            (
                vec![truth(Blur, lic, None), truth(Blur, lic, place)],
                vec![reported(Blur, lic, place), reported(Blur, lic, None)],
                vec![Some(0), None],
                vec![1],
            ),
            // Nothing on either side.
            (vec![], vec![], vec![], vec![]),
        ];
        for (index, (t, r, to_report, unmatched)) in cases.into_iter().enumerate() {
            let outcome = match_findings(&t, &r);
            assert_eq!(outcome.truth_to_report, to_report, "case {index}");
            assert_eq!(outcome.unmatched_reported, unmatched, "case {index}");
        }
    }

    #[test]
    fn a_finding_about_several_documents_matches_whichever_it_names_first() {
        let mut duplicate = truth(FindingCode::DuplicateUpload, Some("copy.jpg"), None);
        duplicate.documents = vec!["a.jpg".into(), "copy.jpg".into()];
        let mut listing_both = reported(FindingCode::DuplicateUpload, Some("a.jpg"), None);
        listing_both.documents = vec!["copy.jpg".into(), "a.jpg".into()];
        let mut listing_one = reported(FindingCode::DuplicateUpload, Some("a.jpg"), None);
        listing_one.documents = vec!["a.jpg".into(), "other.jpg".into()];
        let both = match_findings(std::slice::from_ref(&duplicate), &[listing_both]);
        assert_eq!(both.truth_to_report, [Some(0)]);
        let one = match_findings(&[duplicate], &[listing_one]);
        assert_eq!(one.truth_to_report, [None]);
    }
}
