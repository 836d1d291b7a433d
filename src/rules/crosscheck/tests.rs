//! Cross-document checks on hand-built applications: a consistent set raises nothing, and
//! each inconsistency raises its code on the document that proves it.

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::ingest::{ApplicationForm, BankAccount, IdType, LegalRep, TaxpayerKind};
use crate::report::{DocumentType, FindingCode, Region, Severity, TextSummary, UploadInfo};

use DocumentType::*;

const COMPANY: &str = "杭州示例科技有限公司";
const CODE: &str = "91330100716105852F";
const OTHER_CODE: &str = "91350100M000100Y43";
const PERSON: &str = "张伟";
const ID_NUMBER: &str = "11010519491231002X";
const ACCOUNT: &str = "1202021109900123456";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn region() -> Region {
    Region::from([10, 20, 300, 40])
}

fn doc(file: &str, doc_type: DocumentType, fields: &[(&str, serde_json::Value)]) -> DocumentReport {
    DocumentReport {
        upload: Some(UploadInfo {
            bytes: 1000,
            sha256: Some(format!("hash-of-{file}")),
            format: Some("jpeg".into()),
            width: Some(1000),
            height: Some(800),
            exif_orientation: None,
            decoded: true,
        }),
        text: Some(TextSummary {
            lines: 20,
            characters: 300,
            mean_confidence: 0.97,
        }),
        ..DocumentReport::with_fields(file, doc_type, fields, Some(region()))
    }
}

/// A consistent application of a general taxpayer: licence, both ID faces, bank permit and
/// a recent 13% special invoice.
fn consistent() -> (Vec<DocumentReport>, ApplicationForm) {
    let documents = vec![
        doc(
            "licence.jpg",
            BusinessLicense,
            &[
                ("name", json!(COMPANY)),
                ("credit_code", json!(CODE)),
                ("legal_rep", json!(PERSON)),
                ("term_end", json!("长期")),
            ],
        ),
        doc(
            "front.jpg",
            IdCardFront,
            &[("name", json!(PERSON)), ("id_number", json!(ID_NUMBER))],
        ),
        doc("back.jpg", IdCardBack, &[("valid_to", json!("2036-01-01"))]),
        doc(
            "permit.jpg",
            BankPermit,
            &[
                ("depositor_name", json!(COMPANY)),
                ("legal_rep", json!(PERSON)),
                ("approval_number", json!("J3310012345601")),
                ("account_number", json!(ACCOUNT)),
            ],
        ),
        doc(
            "invoice.jpg",
            VatSpecialInvoice,
            &[
                ("seller_name", json!(COMPANY)),
                ("seller_tax_id", json!(CODE)),
                ("issue_date", json!("2026-10-15")),
                ("tax_rates", json!(["13%"])),
                ("remarks", json!("")),
                ("amount", json!("1000.00")),
                ("tax_amount", json!("130.00")),
                ("total", json!("1130.00")),
                ("total_in_words", json!("壹仟壹佰叁拾圆整")),
            ],
        ),
    ];
    let form = ApplicationForm {
        company_name: Some(COMPANY.into()),
        credit_code: Some(CODE.into()),
        legal_rep: Some(LegalRep {
            name: Some(PERSON.into()),
            id_type: Some(IdType::ResidentId),
            id_number: Some(ID_NUMBER.into()),
        }),
        bank_account: Some(BankAccount {
            account_name: Some(COMPANY.into()),
            bank_name: None,
            account_number: Some(ACCOUNT.into()),
        }),
        taxpayer: Some(TaxpayerKind::General),
        operator_phone: None,
        submitted_at: Some(as_of()),
    };
    (documents, form)
}

fn check(documents: &[DocumentReport], form: &ApplicationForm) -> Vec<Finding> {
    let app = Application {
        documents,
        form: Some(form),
        as_of: as_of(),
    };
    cross_check(&app, &RulesConfig::default())
}

fn set(documents: &mut [DocumentReport], file: &str, key: &str, value: serde_json::Value) {
    let document = documents.iter_mut().find(|d| d.file == file).unwrap();
    document.fields.get_mut(key).unwrap().value = value;
}

/// The one finding of `code`, or a failure listing what was found.
fn only(findings: &[Finding], code: FindingCode) -> &Finding {
    let of_code: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(of_code.len(), 1, "want one {code}, got {findings:#?}");
    of_code[0]
}

fn codes(findings: &[Finding]) -> Vec<FindingCode> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_consistent_application_raises_nothing() {
    let (documents, form) = consistent();
    assert_eq!(check(&documents, &form), []);
}

#[test]
fn a_different_company_typed_into_the_form_is_rejected_on_the_form() {
    let (documents, mut form) = consistent();
    form.company_name = Some("北京远航物流有限公司".into());
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::NameMismatch);
    assert_eq!(finding.severity, Severity::Reject);
    assert_eq!(finding.document.as_deref(), Some("application.json"));
    assert_eq!(finding.field.as_deref(), Some("company_name"));
    assert_eq!(finding.documents, ["application.json", "licence.jpg"]);
    assert_eq!(codes(&findings), [FindingCode::NameMismatch]);
}

#[test]
fn one_character_off_that_is_no_look_alike_is_a_near_match_for_review() {
    let (documents, mut form) = consistent();
    form.company_name = Some("杭州示范科技有限公司".into());
    let findings = check(&documents, &form);
    assert_eq!(
        only(&findings, FindingCode::NameNearMatch).severity,
        Severity::NeedsReview
    );
}

#[test]
fn an_account_name_that_is_not_the_licence_name_is_rejected() {
    let (documents, mut form) = consistent();
    form.bank_account.as_mut().unwrap().account_name = Some("杭州示范科技有限公司".into());
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::BankNameMismatch);
    assert_eq!(finding.severity, Severity::Reject);
    assert_eq!(finding.field.as_deref(), Some("account_name"));
}

#[test]
fn a_permit_in_another_name_is_rejected_where_the_name_is_printed() {
    let (mut documents, form) = consistent();
    set(
        &mut documents,
        "permit.jpg",
        "depositor_name",
        json!("杭州示范科技有限公司"),
    );
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::BankNameMismatch);
    assert_eq!(finding.document.as_deref(), Some("permit.jpg"));
    assert_eq!(finding.region, Some(region()));
    assert_eq!(finding.severity, Severity::Reject);
}

#[test]
fn a_mismatch_read_with_low_confidence_goes_to_review_not_rejection() {
    let (mut documents, form) = consistent();
    set(
        &mut documents,
        "permit.jpg",
        "depositor_name",
        json!("杭州示范科技有限公司"),
    );
    documents[3]
        .fields
        .get_mut("depositor_name")
        .unwrap()
        .confidence = 0.6;
    let findings = check(&documents, &form);
    assert_eq!(
        only(&findings, FindingCode::BankNameMismatch).severity,
        Severity::NeedsReview
    );
}

#[test]
fn traditional_characters_and_spacing_are_not_differences() {
    let (mut documents, form) = consistent();
    set(
        &mut documents,
        "invoice.jpg",
        "seller_name",
        json!("杭州示例 科技有限公司"),
    );
    set(&mut documents, "front.jpg", "name", json!("張偉"));
    assert_eq!(check(&documents, &form), []);
}

#[test]
fn a_licence_misread_outvoted_by_every_other_source_is_not_blamed_on_them() {
    // 己/已 is a look-alike pair: a warning on the licence, nothing on the others.
    let (mut documents, mut form) = consistent();
    let name = "上海己知贸易有限公司";
    form.company_name = Some(name.into());
    form.bank_account.as_mut().unwrap().account_name = Some(name.into());
    set(&mut documents, "permit.jpg", "depositor_name", json!(name));
    set(&mut documents, "invoice.jpg", "seller_name", json!(name));
    set(
        &mut documents,
        "licence.jpg",
        "name",
        json!("上海已知贸易有限公司"),
    );
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::NameOcrVariant);
    assert_eq!(finding.document.as_deref(), Some("licence.jpg"));
    assert_eq!(finding.severity, Severity::PassWithWarning);
    assert_eq!(findings.len(), 1, "{findings:#?}");

    // A character dropped from the licence read: a person checks the licence.
    set(
        &mut documents,
        "licence.jpg",
        "name",
        json!("上海己贸易有限公司"),
    );
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::NameSourcesDisagree);
    assert_eq!(finding.severity, Severity::NeedsReview);
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn the_form_alone_does_not_outvote_the_licence() {
    // Both form keys differ from the licence and no document backs them: the form is wrong.
    let (mut documents, mut form) = consistent();
    documents.retain(|d| !matches!(d.doc_type, BankPermit | VatSpecialInvoice));
    form.taxpayer = Some(TaxpayerKind::SmallScale);
    form.company_name = Some("杭州示范科技有限公司".into());
    form.bank_account.as_mut().unwrap().account_name = Some("杭州示范科技有限公司".into());
    let findings = check(&documents, &form);
    assert!(
        codes(&findings).contains(&FindingCode::NameNearMatch),
        "{findings:#?}"
    );
    assert!(
        codes(&findings).contains(&FindingCode::BankNameMismatch),
        "{findings:#?}"
    );
}

#[test]
fn an_unread_licence_name_is_for_review_and_the_form_name_becomes_the_reference() {
    let (mut documents, form) = consistent();
    documents[0].fields.remove("name");
    set(
        &mut documents,
        "permit.jpg",
        "depositor_name",
        json!("杭州示范科技有限公司"),
    );
    let findings = check(&documents, &form);
    assert_eq!(
        only(&findings, FindingCode::FieldUnread).severity,
        Severity::NeedsReview
    );
    assert_eq!(
        only(&findings, FindingCode::BankNameMismatch)
            .document
            .as_deref(),
        Some("permit.jpg")
    );
}

#[test]
fn with_the_licence_name_unread_the_documents_agreement_outranks_the_form() {
    // The permit and the invoice agree; the form's company name is one character off. The
    // form is what differs (a near match for review), not the bank account (no rejection).
    let (mut documents, mut form) = consistent();
    documents[0].fields.remove("name");
    form.company_name = Some("杭州示范科技有限公司".into());
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::NameNearMatch);
    assert_eq!(finding.field.as_deref(), Some("company_name"));
    assert_eq!(finding.severity, Severity::NeedsReview);
    assert!(
        !codes(&findings).contains(&FindingCode::BankNameMismatch),
        "{findings:#?}"
    );
}

#[test]
fn a_different_representative_on_the_card_and_form_is_one_finding_on_the_card() {
    let (mut documents, mut form) = consistent();
    set(&mut documents, "front.jpg", "name", json!("李娜"));
    form.legal_rep.as_mut().unwrap().name = Some("李娜".into());
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::LegalRepMismatch);
    assert_eq!(finding.document.as_deref(), Some("front.jpg"));
    assert_eq!(finding.severity, Severity::NeedsReview);
    assert_eq!(
        finding.documents,
        ["front.jpg", "licence.jpg", "application.json"]
    );
}

#[test]
fn a_licence_representative_read_unlike_every_other_document_is_blamed_on_the_licence() {
    let (mut documents, form) = consistent();
    set(
        &mut documents,
        "licence.jpg",
        "legal_rep",
        json!("年月日至长期"),
    );
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::NameSourcesDisagree);
    assert_eq!(finding.document.as_deref(), Some("licence.jpg"));
    assert_eq!(finding.field.as_deref(), Some("legal_rep"));
    assert_eq!(finding.severity, Severity::NeedsReview);
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_representative_who_differs_on_the_bank_permit_is_for_review() {
    let (mut documents, form) = consistent();
    set(&mut documents, "permit.jpg", "legal_rep", json!("王芳"));
    let findings = check(&documents, &form);
    let finding = only(&findings, FindingCode::LegalRepMismatch);
    assert_eq!(finding.document.as_deref(), Some("permit.jpg"));
}

#[test]
fn codes_and_numbers_must_agree() {
    let (mut documents, mut form) = consistent();
    form.credit_code = Some(OTHER_CODE.into());
    form.legal_rep.as_mut().unwrap().id_number = Some("440524188001010014".into());
    form.bank_account.as_mut().unwrap().account_number = Some("6222021109900123456".into());
    set(
        &mut documents,
        "invoice.jpg",
        "seller_tax_id",
        json!(OTHER_CODE),
    );
    let findings = check(&documents, &form);
    let credit = only(&findings, FindingCode::CreditCodeMismatch);
    assert_eq!(credit.document.as_deref(), Some("application.json"));
    let seller = only(&findings, FindingCode::InvoiceSellerIdMismatch);
    assert_eq!(seller.document.as_deref(), Some("invoice.jpg"));
    assert_eq!(seller.severity, Severity::Reject);
    only(&findings, FindingCode::IdNumberMismatch);
    only(&findings, FindingCode::AccountNumberMismatch);
    // Spaces and dashes in a typed account number are not a difference.
    let (documents, mut form) = consistent();
    form.bank_account.as_mut().unwrap().account_number = Some("1202 0211 0990-0123 456".into());
    assert_eq!(check(&documents, &form), []);
}

#[test]
fn missing_duplicate_and_wrong_uploads() {
    let (mut documents, form) = consistent();
    documents.retain(|d| d.doc_type != BankPermit);
    let findings = check(&documents, &form);
    let missing = only(&findings, FindingCode::MissingDocument);
    assert_eq!(missing.field.as_deref(), Some("bank_permit"));
    assert_eq!(missing.severity, Severity::Reupload);

    let (mut documents, form) = consistent();
    let mut copy = documents[1].clone();
    copy.file = "copy.jpg".into();
    documents.push(copy);
    let findings = check(&documents, &form);
    let duplicate = only(&findings, FindingCode::DuplicateUpload);
    assert_eq!(duplicate.document.as_deref(), Some("copy.jpg"));
    assert_eq!(duplicate.documents, ["front.jpg", "copy.jpg"]);
    assert_eq!(duplicate.severity, Severity::PassWithWarning);

    let (mut documents, form) = consistent();
    documents.push(doc("card.jpg", Other, &[]));
    let findings = check(&documents, &form);
    assert_eq!(
        only(&findings, FindingCode::WrongDocument)
            .document
            .as_deref(),
        Some("card.jpg")
    );
}

#[test]
fn a_bank_card_in_place_of_the_permit_is_a_wrong_document_however_little_it_prints() {
    let (mut documents, form) = consistent();
    documents.retain(|d| d.doc_type != BankPermit);
    let mut card = doc("card.jpg", Other, &[("looks_like", json!("bank_card"))]);
    // The bank's name and 银联: too little text to judge an unnamed upload by.
    card.text = Some(TextSummary {
        lines: 2,
        characters: 8,
        mean_confidence: 0.99,
    });
    documents.push(card.clone());
    let findings = check(&documents, &form);
    let wrong = only(&findings, FindingCode::WrongDocument);
    assert_eq!(wrong.document.as_deref(), Some("card.jpg"));
    assert_eq!(wrong.severity, Severity::Reject);
    assert!(wrong.message_en.contains("bank card"), "{wrong:#?}");
    only(&findings, FindingCode::MissingDocument);
    // The same sparse upload, not recognised as anything: not judged.
    card.fields.clear();
    documents.pop();
    documents.push(card);
    let findings = check(&documents, &form);
    assert!(!codes(&findings).contains(&FindingCode::WrongDocument));
}

#[test]
fn an_upload_too_poorly_read_to_say_what_it_is_is_not_a_wrong_document() {
    let (mut documents, form) = consistent();
    documents[3].doc_type = Other;
    documents[3].fields.clear();
    documents[3].text = Some(TextSummary {
        lines: 3,
        characters: 12,
        mean_confidence: 0.6,
    });
    let findings = check(&documents, &form);
    assert!(!codes(&findings).contains(&FindingCode::WrongDocument));
    let missing = only(&findings, FindingCode::MissingDocument);
    assert!(missing.detail.as_deref().unwrap().contains("permit.jpg"));
}

#[test]
fn a_document_missing_a_field_its_checks_need_is_for_review() {
    let (mut documents, form) = consistent();
    documents[4].fields.remove("tax_amount");
    documents[4].fields.remove("total_in_words");
    let findings = check(&documents, &form);
    let unread = only(&findings, FindingCode::FieldUnread);
    assert_eq!(unread.document.as_deref(), Some("invoice.jpg"));
    assert_eq!(unread.severity, Severity::NeedsReview);
    assert!(
        unread
            .detail
            .as_deref()
            .unwrap()
            .contains("tax_amount, total_in_words")
    );
    // An old-format licence has a registration number instead of a credit code.
    let (mut documents, mut form) = consistent();
    let mut number = documents[0].fields.remove("credit_code").unwrap();
    number.value = json!("110108000000016");
    documents[0]
        .fields
        .insert("registration_number".into(), number);
    form.credit_code = None;
    documents[4].fields.remove("seller_tax_id");
    let findings = check(&documents, &form);
    let unread = only(&findings, FindingCode::FieldUnread);
    assert_eq!(unread.document.as_deref(), Some("invoice.jpg"));
    // A small-scale taxpayer's invoice is no proof: its figures are not required.
    let (mut documents, mut form) = consistent();
    form.taxpayer = Some(TaxpayerKind::SmallScale);
    documents[4].fields.remove("tax_amount");
    assert_eq!(check(&documents, &form), []);
}

#[test]
fn proof_of_general_taxpayer_status() {
    // General taxpayer without proof: missing.
    let (mut documents, form) = consistent();
    documents.retain(|d| d.doc_type != VatSpecialInvoice);
    let missing = check(&documents, &form);
    assert_eq!(
        only(&missing, FindingCode::MissingDocument)
            .field
            .as_deref(),
        Some("vat_special_invoice")
    );
    // A small-scale taxpayer needs none, and its invoice is not judged as proof.
    let (mut documents, mut form) = consistent();
    form.taxpayer = Some(TaxpayerKind::SmallScale);
    set(&mut documents, "invoice.jpg", "tax_rates", json!(["3%"]));
    assert_eq!(check(&documents, &form), []);
    // Small-scale rates, an old invoice, 代开, a normal invoice.
    let cases: [(&str, serde_json::Value, FindingCode); 3] = [
        (
            "tax_rates",
            json!(["3%", "1%"]),
            FindingCode::GtProofSmallScaleRate,
        ),
        (
            "issue_date",
            json!("2026-05-01"),
            FindingCode::GtProofTooOld,
        ),
        (
            "remarks",
            json!(format!("代开企业税号:{CODE} 代开企业名称:{COMPANY}")),
            FindingCode::GtProofDaikai,
        ),
    ];
    for (key, value, code) in cases {
        let (mut documents, form) = consistent();
        set(&mut documents, "invoice.jpg", key, value);
        let findings = check(&documents, &form);
        let finding = only(&findings, code);
        assert_eq!(finding.document.as_deref(), Some("invoice.jpg"));
        assert_eq!(finding.field.as_deref(), Some(key));
        assert_eq!(finding.severity, Severity::Reject);
    }
    let (mut documents, form) = consistent();
    documents[4].doc_type = VatNormalInvoice;
    let findings = check(&documents, &form);
    only(&findings, FindingCode::GtProofNotSpecial);
    assert!(!codes(&findings).contains(&FindingCode::MissingDocument));
}

#[test]
fn a_hong_kong_representative_needs_the_permit_not_the_id_card() {
    let (mut documents, mut form) = consistent();
    documents.retain(|d| !matches!(d.doc_type, IdCardFront | IdCardBack));
    form.legal_rep.as_mut().unwrap().id_type = Some(IdType::HkMacauPermit);
    form.legal_rep.as_mut().unwrap().id_number = None;
    let findings = check(&documents, &form);
    assert_eq!(
        only(&findings, FindingCode::MissingDocument)
            .field
            .as_deref(),
        Some("hk_macau_permit")
    );
    documents.push(doc(
        "permit-hk.jpg",
        HkMacauPermit,
        &[
            ("name", json!(PERSON)),
            ("id_number", json!("H12345678")),
            ("valid_to", json!("2030-01-01")),
        ],
    ));
    assert_eq!(check(&documents, &form), []);
}

#[test]
fn a_missing_document_that_an_unreadable_retaken_upload_explains_is_not_raised_twice() {
    let (mut documents, form) = consistent();
    // The permit photo is too blurred to tell what it is, and already asked for again.
    let permit = documents
        .iter_mut()
        .find(|d| d.file == "permit.jpg")
        .unwrap();
    permit.doc_type = Unknown;
    permit.fields.clear();
    let blur = Finding::new(FindingCode::Blur, "模糊", "blurred")
        .with_severity(Severity::Reupload)
        .on_document("permit.jpg");
    let mut findings = check(&documents, &form);
    assert!(codes(&findings).contains(&FindingCode::MissingDocument));
    findings.push(blur.clone());
    let kept = drop_missing_explained_by_retakes(findings, &documents);
    assert!(
        !codes(&kept).contains(&FindingCode::MissingDocument),
        "{kept:?}"
    );
    assert!(codes(&kept).contains(&FindingCode::Blur));

    // Without the retake, or with a second document missing too, it stays.
    let alone = drop_missing_explained_by_retakes(check(&documents, &form), &documents);
    assert!(codes(&alone).contains(&FindingCode::MissingDocument));
    documents.retain(|d| d.file != "back.jpg");
    let mut two_missing = check(&documents, &form);
    two_missing.push(blur);
    let kept = drop_missing_explained_by_retakes(two_missing, &documents);
    let missing = kept
        .iter()
        .filter(|f| f.code == FindingCode::MissingDocument)
        .count();
    assert_eq!(missing, 2, "{kept:?}");
}

#[test]
fn a_value_read_from_under_a_cover_raises_no_mismatch_beside_the_retake() {
    let (mut documents, form) = consistent();
    let permit = documents
        .iter_mut()
        .find(|d| d.file == "permit.jpg")
        .unwrap();
    // A note over the middle of the depositor's name: OCR reads its two ends.
    permit.fields.get_mut("depositor_name").unwrap().value = json!("杭司");
    let cover = Finding::new(FindingCode::KeyFieldOccluded, "遮挡", "covered")
        .with_severity(Severity::Reupload)
        .on_document("permit.jpg")
        .on_field("depositor_name");
    let mut findings = check(&documents, &form);
    let mismatch_on_name = |findings: &[Finding]| {
        findings
            .iter()
            .any(|f| f.severity == Severity::Reject && f.field.as_deref() == Some("depositor_name"))
    };
    assert!(mismatch_on_name(&findings), "{findings:?}");
    findings.push(cover);
    let kept = drop_readings_under_covers(findings);
    assert!(!mismatch_on_name(&kept), "{kept:?}");
    assert!(codes(&kept).contains(&FindingCode::KeyFieldOccluded));
    // Without the cover the mismatch stands.
    assert!(mismatch_on_name(&drop_readings_under_covers(check(
        &documents, &form
    ))));
}

#[test]
fn a_value_read_where_a_cover_over_another_key_field_lies_raises_nothing() {
    // A note over the account number reaches down over the basic account number, read in
    // part: a format finding there rests on the cover, not on the sheet.
    let at = |mut finding: Finding, region: [u32; 4]| {
        finding.region = Some(Region::from(region));
        finding
    };
    let format = Finding::new(FindingCode::HezhunFormat, "格式", "format")
        .with_severity(Severity::NeedsReview)
        .on_document("permit.jpg")
        .on_field("basic_account_number");
    let cover = Finding::new(FindingCode::KeyFieldOccluded, "遮挡", "covered")
        .with_severity(Severity::Reupload)
        .on_document("permit.jpg")
        .on_field("account_number");
    let cover = at(cover, [398, 560, 220, 1058]);
    let beside = at(format.clone(), [534, 839, 132, 44]);
    let kept = drop_readings_under_covers(vec![cover.clone(), beside.clone()]);
    assert_eq!(codes(&kept), [FindingCode::KeyFieldOccluded]);
    // Elsewhere on the upload, or on another upload, it stands.
    let away = at(format, [900, 1700, 132, 44]);
    assert_eq!(
        drop_readings_under_covers(vec![cover.clone(), away]).len(),
        2
    );
    let other = beside.on_document("licence.jpg");
    assert_eq!(drop_readings_under_covers(vec![cover, other]).len(), 2);
}

#[test]
fn what_the_rules_say_of_a_photo_already_asked_for_again_is_not_raised_twice() {
    let (mut documents, form) = consistent();
    documents[4].fields.remove("total_in_words");
    let blur_on = |file: &str| {
        Finding::new(FindingCode::Blur, "模糊", "blurred")
            .with_severity(Severity::Reupload)
            .on_document(file)
    };
    let mut findings = check(&documents, &form);
    findings.push(blur_on("invoice.jpg"));
    let kept = drop_verdicts_on_retaken_uploads(findings, &documents);
    assert_eq!(codes(&kept), [FindingCode::Blur]);

    // A retake of another upload explains nothing here.
    let mut findings = check(&documents, &form);
    findings.push(blur_on("licence.jpg"));
    let kept = drop_verdicts_on_retaken_uploads(findings, &documents);
    assert!(codes(&kept).contains(&FindingCode::FieldUnread), "{kept:?}");

    // A cut photo legible enough to be judged no onboarding document is retaken first.
    let wrong = Finding::new(FindingCode::WrongDocument, "不是", "not one")
        .with_severity(Severity::Reject)
        .on_document("permit.jpg");
    let kept =
        drop_verdicts_on_retaken_uploads(vec![wrong.clone(), blur_on("permit.jpg")], &documents);
    assert_eq!(codes(&kept), [FindingCode::Blur]);
    let kept = drop_verdicts_on_retaken_uploads(vec![wrong.clone()], &documents);
    assert_eq!(codes(&kept), [FindingCode::WrongDocument]);

    // A tax worked out from the total where a cover hid it is moot on a retaken photo.
    let derived = Finding::new(FindingCode::OcrRepaired, "推算", "derived")
        .with_severity(Severity::PassWithWarning)
        .on_document("invoice.jpg")
        .on_field("tax_amount");
    let kept =
        drop_verdicts_on_retaken_uploads(vec![derived.clone(), blur_on("invoice.jpg")], &documents);
    assert_eq!(codes(&kept), [FindingCode::Blur]);
    let kept = drop_verdicts_on_retaken_uploads(vec![derived], &documents);
    assert_eq!(codes(&kept), [FindingCode::OcrRepaired]);

    // What the rules read on a blurred permit short of a rejection, alone or against the
    // form, waits for the retake; a rejection stays.
    let format = Finding::new(FindingCode::HezhunFormat, "格式", "format")
        .with_severity(Severity::NeedsReview)
        .on_document("permit.jpg")
        .on_field("basic_account_number");
    let mut against_form = Finding::new(FindingCode::AccountNumberMismatch, "账号", "account")
        .with_severity(Severity::NeedsReview)
        .on_document("application.json")
        .on_field("account_number");
    against_form.documents = vec!["application.json".into(), "permit.jpg".into()];
    let rejected = Finding::new(FindingCode::BankNameMismatch, "户名", "name")
        .with_severity(Severity::Reject)
        .on_document("permit.jpg");
    let all = vec![format, against_form, rejected, blur_on("permit.jpg")];
    let kept = drop_verdicts_on_retaken_uploads(all.clone(), &documents);
    assert_eq!(
        codes(&kept),
        [FindingCode::BankNameMismatch, FindingCode::Blur]
    );
    let kept = drop_verdicts_on_retaken_uploads(all[..3].to_vec(), &documents);
    assert_eq!(kept.len(), 3, "nothing retaken, everything stands");

    // A bank card, blurred: a sharper photo of it would be no better.
    let mut card = doc("permit.jpg", Other, &[("looks_like", json!("bank_card"))]);
    card.text = None;
    let kept = drop_verdicts_on_retaken_uploads(vec![wrong, blur_on("permit.jpg")], &[card]);
    assert_eq!(
        codes(&kept),
        [FindingCode::WrongDocument, FindingCode::Blur]
    );
}
