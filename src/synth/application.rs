//! Builds one generated application: a company and its people, their documents printed
//! and photographed, one scenario planted, the supplier's form and the ground truth.

use chrono::{Days, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::capture::{CaptureParams, Photo, encode_jpeg, photograph};
use super::content::{
    Printed, apply_data_scenario, apply_invoice_scenario, completeness, content_findings,
    old_registration_number,
};
use super::defects::{self, Occluder};
use super::docs::{self, Sheet, licence::Edition};
use super::fonts::Fonts;
use super::geometry::Rect;
use super::identity::{self, Company};
use super::invoice_data::{self, InvoiceFamily};
use super::names::FileNames;
use super::scenario::Scenario;
use super::truth::{Truth, TruthDocument, TruthFinding};
use crate::report::{FindingCode, Severity};

/// Photo size and compression for a generated set.
#[derive(Debug, Clone)]
pub struct PhotoStyle {
    /// Long side of ordinary photos, pixels (RULES: phones give 1500–4000).
    pub long_side: (u32, u32),
    /// JPEG quality override (small fixtures); `None` keeps the random 80–94.
    pub jpeg_quality: Option<u8>,
}

impl Default for PhotoStyle {
    fn default() -> Self {
        PhotoStyle {
            long_side: (1500, 4000),
            jpeg_quality: None,
        }
    }
}

/// Long side of a LOW_RESOLUTION photo: too few pixels for 9-pt print on any document.
const LOW_RESOLUTION_LONG_SIDE: (u32, u32) = (420, 640);

pub struct GeneratedUpload {
    pub file: String,
    pub bytes: Vec<u8>,
}

pub struct GeneratedApplication {
    pub uploads: Vec<GeneratedUpload>,
    pub form: Value,
    pub truth: Truth,
}

/// One upload being assembled.
pub struct Slot {
    pub file: String,
    pub sheet: Sheet,
    capture: CaptureParams,
    photo_defect: Option<PhotoDefect>,
}

#[derive(Debug, Clone, Copy)]
enum PhotoDefect {
    /// A highlight over this part of the sheet (sheet pixels).
    Glare(Rect),
    Blur,
    Greyscale,
    Rescreen,
}

/// What the supplier is and proves, decided before anything is printed.
#[derive(Debug, Clone, Copy)]
struct Plan {
    scenario: Scenario,
    as_of: NaiveDate,
    /// A general taxpayer must prove it (RULES.md §4).
    general: bool,
    /// The proof is a 专票 rather than a certificate.
    proof_is_invoice: bool,
}

/// Builds application `id` deterministically from `seed`.
pub fn build(
    id: &str,
    seed: u64,
    scenario: Scenario,
    as_of: NaiveDate,
    style: &PhotoStyle,
    fonts: &Fonts,
) -> GeneratedApplication {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let rng = &mut rng;
    let mut company = identity::company(rng, as_of);
    let buyer = identity::company(rng, as_of);
    // A checksum or old-format licence would also contradict an invoice's seller tax id;
    // keeping those suppliers small-scale keeps their truth to the one planted finding.
    let small_scale_only = matches!(
        scenario,
        Scenario::ChecksumFail | Scenario::LicenseOldFormat
    );
    let general = !small_scale_only && (scenario.needs_invoice() || rng.random_bool(0.7));
    let proof_is_invoice = scenario.needs_invoice() || rng.random_bool(0.85);
    let plan = Plan {
        scenario,
        as_of,
        general,
        proof_is_invoice,
    };

    let mut form = form_of(&company, general, as_of);
    let printed = apply_data_scenario(scenario, &mut company, &mut form, as_of, rng);
    let sheets = print_documents(plan, &company, &buyer, &printed, fonts, rng);

    let mut names = FileNames::new(as_of);
    let mut slots: Vec<Slot> = sheets
        .into_iter()
        .map(|sheet| Slot {
            file: names.next(rng),
            sheet,
            capture: capture_params(style, rng),
            photo_defect: None,
        })
        .collect();
    let mut findings: Vec<TruthFinding> = Vec::new();
    content_findings(scenario, &slots, &mut findings);
    completeness(
        scenario,
        &mut slots,
        &mut names,
        &company,
        fonts,
        rng,
        &mut findings,
    );
    let (target, planted) = plant_image_defect(scenario, &mut slots, rng);

    let mut uploads = Vec::new();
    let mut documents = Vec::new();
    for (index, slot) in slots.iter_mut().enumerate() {
        let defect = (Some(index) == target).then_some(Planted {
            scenario,
            sheet_rect: planted,
        });
        let (upload, document, finding) = photograph_slot(slot, defect, style, rng);
        uploads.push(upload);
        documents.push(document);
        findings.extend(finding);
    }
    add_duplicate_upload(&findings, &mut uploads, &mut documents);

    let decision = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Pass);
    GeneratedApplication {
        uploads,
        form,
        truth: Truth {
            application: id.to_string(),
            scenario: scenario.name().to_string(),
            as_of,
            decision,
            findings,
            documents,
        },
    }
}

/// The form the supplier typed: what the documents say, until a scenario changes it.
fn form_of(company: &Company, general: bool, as_of: NaiveDate) -> Value {
    json!({
        "company_name": company.name,
        "credit_code": company.credit_code,
        "legal_rep": { "name": company.legal_rep.name, "id_type": "resident_id", "id_number": company.legal_rep.id_number },
        "bank_account": { "account_name": company.name, "bank_name": company.bank.bank_name, "account_number": company.bank.account_number },
        "taxpayer": if general { "general" } else { "small_scale" },
        "submitted_at": as_of.to_string(),
    })
}

/// Prints the supplier's documents: licence, both ID faces, the bank document, and the
/// proof of general-taxpayer status when there is one.
fn print_documents(
    plan: Plan,
    company: &Company,
    buyer: &Company,
    printed: &Printed,
    fonts: &Fonts,
    rng: &mut ChaCha8Rng,
) -> Vec<Sheet> {
    let edition = match plan.scenario {
        Scenario::LicenseOldFormat => Edition::OldRegistrationNumber,
        _ if rng.random_bool(0.2) => Edition::Y2015,
        _ => Edition::Y2019,
    };
    let registration_number = old_registration_number(company, rng);
    let licence_company = Company {
        credit_code: printed.credit_code.clone(),
        ..company.clone()
    };
    let mut sheets = vec![docs::licence::render(
        &licence_company,
        edition,
        &registration_number,
        fonts,
        rng,
    )];
    let mut person = company.legal_rep.clone();
    person.name = printed.id_name.clone();
    person.id_number = printed.id_number.clone();
    sheets.push(docs::id_card::render_front(&person, fonts));
    sheets.push(docs::id_card::render_back(&person, fonts));
    sheets.push(if rng.random_bool(0.5) {
        docs::bank::render_permit(company, &printed.depositor_name, fonts)
    } else {
        docs::bank::render_account_info(company, &printed.depositor_name, fonts)
    });
    if plan.general {
        if plan.proof_is_invoice {
            let family = if rng.random_bool(0.7) {
                InvoiceFamily::Paper
            } else {
                InvoiceFamily::Digital
            };
            let mut invoice = invoice_data::invoice(rng, company, buyer, plan.as_of, family);
            apply_invoice_scenario(plan.scenario, &mut invoice, company, plan.as_of, rng);
            sheets.push(docs::invoice::render(&invoice, fonts, rng));
        } else {
            let issued =
                identity::date_between(rng, company.established, plan.as_of - Days::new(30));
            sheets.push(docs::taxpayer::render(company, issued, fonts));
        }
    }
    sheets
}

/// The image defect planted on one upload: its scenario and, for sheet-space defects, the
/// rectangle it touches on the sheet.
#[derive(Debug, Clone, Copy)]
struct Planted {
    scenario: Scenario,
    sheet_rect: Option<Rect>,
}

/// Photographs one upload, applies its photo-space defect, encodes it, and maps its truth
/// regions (and the planted defect's finding, if any) into photo pixels.
fn photograph_slot(
    slot: &mut Slot,
    planted: Option<Planted>,
    style: &PhotoStyle,
    rng: &mut ChaCha8Rng,
) -> (GeneratedUpload, TruthDocument, Option<TruthFinding>) {
    let scenario = planted.map(|p| p.scenario);
    if scenario == Some(Scenario::LowResolution) {
        slot.capture.long_side =
            rng.random_range(LOW_RESOLUTION_LONG_SIDE.0..=LOW_RESOLUTION_LONG_SIDE.1);
    }
    let photo = take_photo(
        &slot.sheet,
        &mut slot.capture,
        scenario == Some(Scenario::BorderIncomplete),
        rng,
    );
    let mut image = photo.image;
    match slot.photo_defect {
        Some(PhotoDefect::Glare(spot)) => defects::glare(&mut image, &photo.projection, spot),
        Some(PhotoDefect::Blur) => image = blur(&image, rng),
        Some(PhotoDefect::Greyscale) => image = defects::greyscale_copy(&image),
        Some(PhotoDefect::Rescreen) => defects::rescreen(&mut image, rng),
        None => {}
    }
    let (w, h) = image.dimensions();
    let finding = planted.and_then(|p| {
        let sheet = Rect::new(
            0.0,
            0.0,
            slot.sheet.image.width() as f32,
            slot.sheet.image.height() as f32,
        );
        let document_box = sheet.project(&photo.projection, w, h);
        let region = p.sheet_rect.map_or(document_box, |r| {
            r.project(&photo.projection, w, h).or(document_box)
        });
        let key = planted_key_name(&slot.sheet, p.sheet_rect);
        image_finding(p.scenario, &slot.file, region, key.as_deref())
    });
    let quality = style.jpeg_quality.unwrap_or(slot.capture.jpeg_quality);
    let upload = GeneratedUpload {
        file: slot.file.clone(),
        bytes: encode_jpeg(&image, quality),
    };
    let document = TruthDocument {
        file: slot.file.clone(),
        doc_type: slot.sheet.doc_type.to_string(),
        fields: slot.sheet.fields.clone(),
        regions: slot
            .sheet
            .regions
            .iter()
            .filter_map(|(k, r)| r.project(&photo.projection, w, h).map(|p| (k.clone(), p)))
            .collect(),
    };
    (upload, document, finding)
}

/// A duplicate upload repeats another upload's bytes exactly, so it is added after encoding.
fn add_duplicate_upload(
    findings: &[TruthFinding],
    uploads: &mut Vec<GeneratedUpload>,
    documents: &mut Vec<TruthDocument>,
) {
    let Some(finding) = findings
        .iter()
        .find(|f| f.code == FindingCode::DuplicateUpload)
    else {
        return;
    };
    let (Some(copy), Some(original)) = (finding.document.clone(), finding.documents.first()) else {
        return;
    };
    if let Some(upload) = uploads.iter().find(|u| &u.file == original) {
        let bytes = upload.bytes.clone();
        uploads.push(GeneratedUpload {
            file: copy.clone(),
            bytes,
        });
    }
    if let Some(document) = documents.iter().find(|d| &d.file == original) {
        let document = TruthDocument {
            file: copy,
            ..document.clone()
        };
        documents.push(document);
    }
}

fn capture_params(style: &PhotoStyle, rng: &mut ChaCha8Rng) -> CaptureParams {
    let mut params = CaptureParams::random(rng);
    params.long_side = rng.random_range(style.long_side.0..=style.long_side.1);
    params
}

/// Takes the photo; unless `cut` is wanted, retries smaller until the whole sheet is in the
/// frame, and when it is wanted, pushes the sheet until a corner is clearly outside.
fn take_photo(sheet: &Sheet, params: &mut CaptureParams, cut: bool, rng: &mut ChaCha8Rng) -> Photo {
    if cut {
        params.fill = rng.random_range(0.8..0.9);
        let side = rng.random_range(0..4);
        let push = rng.random_range(0.14..0.22);
        params.shift = match side {
            0 => (push, 0.0),
            1 => (-push, 0.0),
            2 => (0.0, push),
            _ => (0.0, -push),
        };
    }
    loop {
        let photo = photograph(&sheet.image, params, rng);
        let inside = sheet_inside(sheet, &photo);
        if inside != cut || params.fill < 0.3 {
            return photo;
        }
        if cut {
            params.shift = (params.shift.0 * 1.3, params.shift.1 * 1.3);
        } else {
            params.fill -= 0.05;
        }
    }
}

/// Whether every corner of the sheet lands inside the photo, with a small margin.
fn sheet_inside(sheet: &Sheet, photo: &Photo) -> bool {
    let (w, h) = (photo.image.width() as f32, photo.image.height() as f32);
    let margin = 4.0;
    Rect::new(
        0.0,
        0.0,
        sheet.image.width() as f32,
        sheet.image.height() as f32,
    )
    .corners()
    .iter()
    .map(|p| photo.projection * *p)
    .all(|(x, y)| x >= margin && y >= margin && x <= w - margin && y <= h - margin)
}

fn blur(image: &image::RgbImage, rng: &mut ChaCha8Rng) -> image::RgbImage {
    // Scale with the photo so the blur is as bad on a 4000-px photo as on a 1500-px one.
    let scale = image.width().max(image.height()) as f32 / 2000.0;
    if rng.random_bool(0.5) {
        defects::defocus(image, rng.random_range(4.0..7.0) * scale.max(0.6))
    } else {
        defects::motion_blur(
            image,
            (rng.random_range(18.0..34.0) * scale.max(0.6)) as u32,
            rng.random_range(0.0..std::f32::consts::PI),
        )
    }
}

fn planted_key_name(sheet: &Sheet, planted: Option<Rect>) -> Option<String> {
    let planted = planted?;
    sheet
        .key_rects()
        .iter()
        .find(|(_, r)| r.intersects(&planted))
        .map(|(k, _)| k.to_string())
}

/// The image-quality finding of `scenario` on `file`.
fn image_finding(
    scenario: Scenario,
    file: &str,
    region: Option<[u32; 4]>,
    key: Option<&str>,
) -> Option<TruthFinding> {
    let (code, severity) = match scenario {
        Scenario::Blur => (FindingCode::Blur, Severity::Reupload),
        Scenario::Glare => (FindingCode::Glare, Severity::PassWithWarning),
        Scenario::Occlusion => (FindingCode::Occlusion, Severity::PassWithWarning),
        Scenario::KeyFieldOccluded => (FindingCode::KeyFieldOccluded, Severity::Reupload),
        Scenario::Fold => (FindingCode::Fold, Severity::PassWithWarning),
        Scenario::KeyFieldCreased => (FindingCode::KeyFieldCreased, Severity::Reupload),
        Scenario::BorderIncomplete => (FindingCode::BorderIncomplete, Severity::Reupload),
        Scenario::ColorScanRequired => (FindingCode::ColorScanRequired, Severity::Reupload),
        Scenario::LowResolution => (FindingCode::LowResolution, Severity::Reupload),
        Scenario::Rescreen => (FindingCode::Rescreen, Severity::Reupload),
        _ => return None,
    };
    let mut finding = TruthFinding::new(code, severity).on(file).region(region);
    if matches!(
        scenario,
        Scenario::KeyFieldOccluded | Scenario::KeyFieldCreased
    ) {
        finding.field = key.map(str::to_string);
    }
    Some(finding)
}

/// Plants the scenario's sheet-space defect (or marks the photo-space one) on one upload;
/// returns that upload's index and the rectangle the defect touches on its sheet.
fn plant_image_defect(
    scenario: Scenario,
    slots: &mut [Slot],
    rng: &mut ChaCha8Rng,
) -> (Option<usize>, Option<Rect>) {
    let candidates: Vec<usize> = match scenario {
        Scenario::ColorScanRequired => slots
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                matches!(
                    s.sheet.doc_type,
                    "id_card_front" | "id_card_back" | "bank_permit" | "basic_account_info"
                )
            })
            .map(|(i, _)| i)
            .collect(),
        _ => slots
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.sheet.key_regions.is_empty())
            .map(|(i, _)| i)
            .collect(),
    };
    let is_image_scenario = image_finding(scenario, "", None, None).is_some();
    let Some(&target) = candidates.choose(rng).filter(|_| is_image_scenario) else {
        return (None, None);
    };
    let sheet = &mut slots[target].sheet;
    let (w, h) = (sheet.image.width() as f32, sheet.image.height() as f32);
    let keys: Vec<Rect> = sheet
        .key_rects()
        .iter()
        .map(|(_, r)| r.grow(w * 0.01))
        .collect();
    let clear_of_keys = |r: &Rect| keys.iter().all(|k| !k.intersects(r));
    let planted = match scenario {
        Scenario::Blur => {
            slots[target].photo_defect = Some(PhotoDefect::Blur);
            None
        }
        Scenario::ColorScanRequired => {
            slots[target].photo_defect = Some(PhotoDefect::Greyscale);
            None
        }
        Scenario::Rescreen => {
            slots[target].photo_defect = Some(PhotoDefect::Rescreen);
            None
        }
        Scenario::Glare => {
            let spot = find_place(rng, w, h, 0.12, 0.2, &clear_of_keys);
            slots[target].photo_defect = spot.map(PhotoDefect::Glare);
            spot
        }
        Scenario::Occlusion => find_place(rng, w, h, 0.1, 0.18, &clear_of_keys)
            .map(|r| defects::occlude(&mut sheet.image, r, Occluder::StickyNote, rng)),
        Scenario::KeyFieldOccluded => {
            let (_, key) = *sheet
                .key_rects()
                .choose(rng)
                .expect("documents with key regions");
            let kind = if rng.random_bool(0.5) {
                Occluder::StickyNote
            } else {
                Occluder::Finger
            };
            let cover = Rect::new(
                key.x + key.w * 0.1,
                key.y - key.h * 0.2,
                key.w * 0.8,
                key.h * 1.4,
            );
            Some(defects::occlude(&mut sheet.image, cover, kind, rng))
        }
        Scenario::Fold => (0..50).find_map(|_| {
            let line = random_fold(rng, w, h);
            let band = Rect::new(
                line.0.0.min(line.1.0) - 8.0,
                line.0.1.min(line.1.1) - 8.0,
                (line.1.0 - line.0.0).abs() + 16.0,
                (line.1.1 - line.0.1).abs() + 16.0,
            );
            clear_of_keys(&band).then(|| defects::crease(&mut sheet.image, line.0, line.1))
        }),
        Scenario::KeyFieldCreased => {
            let (_, key) = *sheet
                .key_rects()
                .choose(rng)
                .expect("documents with key regions");
            let (cx, cy) = key.center();
            let line = if rng.random_bool(0.5) {
                ((cx, 0.0), (cx, h))
            } else {
                ((0.0, cy), (w, cy))
            };
            defects::crease(&mut sheet.image, line.0, line.1);
            Some(key)
        }
        _ => None,
    };
    (Some(target), planted)
}

/// A fold across the whole sheet, along or near one of its axes.
fn random_fold(rng: &mut ChaCha8Rng, w: f32, h: f32) -> ((f32, f32), (f32, f32)) {
    let slant = rng.random_range(-0.03..0.03);
    if rng.random_bool(0.5) {
        let x = rng.random_range(0.15..0.85) * w;
        ((x, 0.0), (x + slant * h, h))
    } else {
        let y = rng.random_range(0.15..0.85) * h;
        ((0.0, y), (w, y + slant * w))
    }
}

/// A random rectangle `min..max` of the sheet's size that satisfies `ok`.
fn find_place(
    rng: &mut ChaCha8Rng,
    w: f32,
    h: f32,
    min: f32,
    max: f32,
    ok: &dyn Fn(&Rect) -> bool,
) -> Option<Rect> {
    (0..200).find_map(|_| {
        let (rw, rh) = (
            rng.random_range(min..max) * w,
            rng.random_range(min..max) * h,
        );
        let r = Rect::new(
            rng.random_range(0.05 * w..(0.95 * w - rw).max(0.06 * w)),
            rng.random_range(0.05 * h..(0.95 * h - rh).max(0.06 * h)),
            rw,
            rh,
        );
        ok(&r).then_some(r)
    })
}
