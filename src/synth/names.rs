//! Upload file names as phones and chat apps make them: they say nothing about the
//! document, so the pipeline must classify by content.

use std::collections::HashSet;

use chrono::NaiveDate;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct FileNames {
    day: NaiveDate,
    used: HashSet<String>,
}

impl FileNames {
    pub fn new(day: NaiveDate) -> Self {
        FileNames {
            day,
            used: HashSet::new(),
        }
    }

    /// A new name, unique within the application.
    pub fn next(&mut self, rng: &mut ChaCha8Rng) -> String {
        loop {
            let day = self.day - chrono::Days::new(rng.random_range(0..20));
            let (h, m, s) = (
                rng.random_range(8..22),
                rng.random_range(0..60),
                rng.random_range(0..60),
            );
            let stamp = format!("{}{h:02}{m:02}{s:02}", day.format("%Y%m%d"));
            let name = match rng.random_range(0..5) {
                0 => format!("IMG_{}_{h:02}{m:02}{s:02}.jpg", day.format("%Y%m%d")),
                1 => format!(
                    "mmexport{}{:03}.jpg",
                    1_700_000_000 + rng.random_range(0..99_999_999u64),
                    rng.random_range(0..1000)
                ),
                2 => format!("微信图片_{stamp}.jpg"),
                3 => format!("Scan_{:04}.jpg", rng.random_range(1..9999)),
                _ => format!("扫描件{}.jpg", rng.random_range(1..99)),
            };
            if self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}
