//! The corpus generator: documents in the real mix (meeting packs with an agenda, reports, short
//! pages), each naming one of the 43 territorial forces on its cover and dated in 2012–2026 in
//! British form, with text from the trained [`LanguageModel`] and the open-ended [`lexicon`].
//!
//! Document `i` depends only on the seed and `i`, so documents are generated in parallel and the
//! corpus is the same on every run.

use oversight_schema::model::MONTH_NAMES;
use oversight_schema::vocab::Vocabulary;

use crate::lexicon;
use crate::model::LanguageModel;
use crate::rng::Rng;

/// Share of lexicon words among generated words.
const LEXICON_RATE: f64 = 0.06;
const FIRST_YEAR: usize = 2012;
const LAST_YEAR: usize = 2026;

/// What kind of document to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A Police and Crime Panel meeting pack: agenda and item reports, 100–300 KB.
    MeetingPack,
    /// A report of the Police and Crime Commissioner, 10–50 KB.
    Report,
    /// A short web page or decision notice, 1–6 KB.
    ShortPage,
}

impl DocumentKind {
    /// The document type Oversight should find (`minutes` or `report`).
    pub fn doc_type(self) -> &'static str {
        match self {
            DocumentKind::MeetingPack => "minutes",
            DocumentKind::Report | DocumentKind::ShortPage => "report",
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
    /// The day, 1–28.
    pub day: u8,
}

impl Date {
    /// `2014-09-26`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `26 September 2014`.
    pub fn british(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTH_NAMES[usize::from(self.month) - 1],
            self.year
        )
    }
}

/// What a document is meant to be, decided before its text is written.
#[derive(Debug, Clone)]
pub struct DocumentPlan {
    /// Its position in the corpus.
    pub index: usize,
    /// Its kind.
    pub kind: DocumentKind,
    /// The force slug it belongs to.
    pub force: String,
    /// Its date.
    pub date: Date,
    /// About how many bytes of text to write.
    pub target_bytes: usize,
}

impl DocumentPlan {
    /// The file name it is written to.
    pub fn file_name(&self) -> String {
        format!("{:06}.txt", self.index)
    }
}

/// A territorial force as the generator names it.
#[derive(Debug, Clone)]
struct ForceName {
    slug: String,
    area: String,
}

/// Generates documents from a seed.
#[derive(Debug, Clone)]
pub struct Generator {
    model: LanguageModel,
    forces: Vec<ForceName>,
    seed: u64,
}

impl Generator {
    /// A generator for the territorial forces of `vocabulary`, writing text from `model`.
    pub fn new(model: LanguageModel, vocabulary: &Vocabulary, seed: u64) -> Generator {
        let forces = territorial_forces(vocabulary)
            .into_iter()
            .map(|(slug, area)| ForceName { slug, area })
            .collect();
        Generator {
            model,
            forces,
            seed,
        }
    }

    /// The trained model.
    pub fn model(&self) -> &LanguageModel {
        &self.model
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The slugs of the forces documents are attributed to.
    pub fn force_slugs(&self) -> Vec<String> {
        self.forces.iter().map(|force| force.slug.clone()).collect()
    }

    /// The plans of the first documents whose sizes add up to at least `total_bytes`.
    pub fn plan(&self, total_bytes: u64) -> Vec<DocumentPlan> {
        let mut plans = Vec::new();
        let mut planned = 0u64;
        while planned < total_bytes {
            let plan = self.plan_document(plans.len());
            planned += plan.target_bytes as u64;
            plans.push(plan);
        }
        plans
    }

    /// The plan of document `index`.
    pub fn plan_document(&self, index: usize) -> DocumentPlan {
        let mut rng = Rng::for_item(self.seed, index as u64);
        let roll = rng.unit();
        let (kind, target_bytes) = if roll < 0.2 {
            (DocumentKind::MeetingPack, rng.between(100_000, 300_000))
        } else if roll < 0.7 {
            (DocumentKind::Report, rng.between(10_000, 50_000))
        } else {
            (DocumentKind::ShortPage, rng.between(1_000, 6_000))
        };
        let force = self.forces[rng.below(self.forces.len())].slug.clone();
        let date = Date {
            year: rng.between(FIRST_YEAR, LAST_YEAR) as u16,
            month: rng.between(1, 12) as u8,
            day: rng.between(2, 28) as u8,
        };
        DocumentPlan {
            index,
            kind,
            force,
            date,
            target_bytes,
        }
    }

    /// The text of a planned document.
    pub fn write(&self, plan: &DocumentPlan) -> String {
        let mut rng = Rng::for_item(self.seed ^ 0x5EED_7E47, plan.index as u64);
        let area = self
            .forces
            .iter()
            .find(|force| force.slug == plan.force)
            .map_or("", |force| force.area.as_str());
        let mut writer = TextWriter {
            model: &self.model,
            rng: &mut rng,
            out: String::with_capacity(plan.target_bytes + 4096),
        };
        match plan.kind {
            DocumentKind::MeetingPack => writer.meeting_pack(area, plan),
            DocumentKind::Report => writer.report(area, plan),
            DocumentKind::ShortPage => writer.short_page(area, plan),
        }
        writer.out
    }
}

/// The 43 territorial forces as (slug, area name as documents write it).
pub fn territorial_forces(vocabulary: &Vocabulary) -> Vec<(String, String)> {
    vocabulary
        .forces
        .iter()
        .filter(|force| force.kind == "territorial")
        .filter_map(|force| {
            force
                .areas
                .first()
                .map(|area| (force.slug.clone(), area.clone()))
        })
        .collect()
}

/// Every force area name of `vocabulary` (all kinds), for leaving them out of training.
pub fn area_names(vocabulary: &Vocabulary) -> Vec<String> {
    vocabulary
        .forces
        .iter()
        .flat_map(|force| force.areas.iter().cloned())
        .collect()
}

struct TextWriter<'a> {
    model: &'a LanguageModel,
    rng: &'a mut Rng,
    out: String,
}

impl TextWriter<'_> {
    fn meeting_pack(&mut self, area: &str, plan: &DocumentPlan) {
        let date = plan.date.british();
        let earlier = Date {
            month: plan.date.month.saturating_sub(1).max(1),
            day: plan.date.day - 1,
            ..plan.date
        };
        let place = self.capitalised_word();
        self.line(&format!("{area} Police and Crime Panel"));
        self.line(&date);
        self.line(&format!(
            "A meeting of the {area} Police and Crime Panel will be held in the Council Chamber, {place} House, on {date}, commencing 10.00 a.m."
        ));
        self.line("Agenda");
        let mut titles = vec![
            "Apologies for Absence".to_string(),
            "Declarations of Interest".to_string(),
            format!("Minutes of the meeting held on {}", earlier.british()),
            "Public Question Time".to_string(),
        ];
        let reports = self.rng.between(4, 9);
        for _ in 0..reports {
            titles.push(self.title(3, 7));
        }
        titles.push("Any Urgent Items".to_string());
        titles.push("Date of Next Meeting".to_string());
        for (number, title) in titles.iter().enumerate() {
            self.line(&format!("{}. {title}", number + 1));
        }
        let body_bytes = plan.target_bytes.saturating_sub(self.out.len());
        let per_item = body_bytes / reports.max(1);
        for (offset, title) in titles.iter().enumerate().skip(4).take(reports) {
            let item_end = self.out.len() + per_item;
            self.line(&format!("Item {}", offset + 1));
            self.line(title);
            self.line(&format!(
                "Report of the Police and Crime Commissioner for {area}"
            ));
            self.sections_until(item_end);
        }
        let (hour, minute) = (self.rng.between(1, 4), self.rng.below(60));
        self.line(&format!("The meeting rose at {hour}.{minute:02} p.m."));
    }

    fn report(&mut self, area: &str, plan: &DocumentPlan) {
        let title = self.title(3, 8);
        self.line(&format!(
            "Office of the Police and Crime Commissioner for {area}"
        ));
        self.line(&title);
        self.line(&format!(
            "Report of the Police and Crime Commissioner to the {area} Police and Crime Panel"
        ));
        self.line(&plan.date.british());
        self.sections_until(plan.target_bytes);
        let author = self.capitalised_word();
        self.line(&format!(
            "Report author: {author}, Office of the Police and Crime Commissioner for {area}"
        ));
    }

    fn short_page(&mut self, area: &str, plan: &DocumentPlan) {
        let title = self.title(3, 9);
        self.line(&title);
        self.line(&plan.date.british());
        self.line(&format!(
            "Report of the Police and Crime Commissioner for {area}: decision notice."
        ));
        while self.out.len() < plan.target_bytes {
            self.paragraph();
        }
    }

    fn sections_until(&mut self, end_bytes: usize) {
        while self.out.len() < end_bytes {
            let heading = self.title(2, 5);
            self.line(&heading);
            for _ in 0..self.rng.between(1, 4) {
                self.paragraph();
                if self.out.len() >= end_bytes {
                    break;
                }
            }
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }

    fn paragraph(&mut self) {
        for sentence in 0..self.rng.between(2, 6) {
            if sentence > 0 {
                self.out.push(' ');
            }
            self.sentence();
        }
        self.out.push_str("\n\n");
    }

    fn sentence(&mut self) {
        let words = self.rng.between(6, 28);
        let start = self.out.len();
        let mut previous = self.model.sentence_start(self.rng);
        self.out.push_str(self.model.word(previous));
        for _ in 1..words {
            self.out.push(' ');
            if self.rng.chance(LEXICON_RATE) {
                let rank = lexicon::zipf_rank(self.rng);
                lexicon::write_entry(rank, self.rng, &mut self.out);
                previous = self.model.unigram(self.rng);
                continue;
            }
            previous = self.model.next(previous, self.rng);
            self.out.push_str(self.model.word(previous));
        }
        if let Some(first) = self.out.get_mut(start..start + 1) {
            first.make_ascii_uppercase();
        }
        self.out.push('.');
    }

    /// A title-cased phrase of `min`–`max` words, as used for titles and headings.
    fn title(&mut self, min: usize, max: usize) -> String {
        let count = self.rng.between(min, max);
        let mut words: Vec<String> = Vec::with_capacity(count);
        let mut previous = self.model.sentence_start(self.rng);
        for _ in 0..count {
            let word = self.model.word(previous);
            let mut titled = word.to_string();
            if word.len() > 3
                && let Some(first) = titled.get_mut(0..1)
            {
                first.make_ascii_uppercase();
            }
            words.push(titled);
            previous = self.model.next(previous, self.rng);
        }
        if let Some(first) = words.first_mut().and_then(|word| word.get_mut(0..1)) {
            first.make_ascii_uppercase();
        }
        words.join(" ")
    }

    fn capitalised_word(&mut self) -> String {
        lexicon::proper_name(lexicon::zipf_rank(self.rng))
    }
}
