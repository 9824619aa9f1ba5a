//! Writes the PDF test fixtures of `tests/fixtures/pdf/` from snippets of the seed corpus.
//!
//! Run once with `cargo run -p oversight-indexer --example pdf_fixtures -- tests/fixtures/pdf`;
//! the PDFs it writes are committed, so the tests never depend on this program. Text is set in
//! the standard Helvetica fonts with `WinAnsiEncoding`, as office suites' "save as PDF" does for
//! plain documents; each page is laid out by hand so that headers, footers, columns and tables
//! sit where they do in real council papers. The fixtures written by real producers
//! (`chromium.pdf`, `libreoffice.pdf`, `ghostscript.pdf`) come from
//! `tests/fixtures/pdf/producers/make.sh` instead.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lopdf::content::{Content, Operation};
use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
use lopdf::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
    StringFormat, dictionary,
};

/// A4 in points.
const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;

/// The header every page of the meeting pack carries.
const PACK_HEADER: &str = "Warwickshire Police and Crime Panel";
/// Capitals after which the text is kerned.
const KERNED_AFTER: &str = "WTVYP";

/// A font of the fixtures: its resource name.
#[derive(Clone, Copy)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }
}

/// One page being laid out top to bottom.
struct PageBuilder {
    operations: Vec<Operation>,
    cursor_y: f32,
    image: Option<Stream>,
}

impl PageBuilder {
    fn new() -> Self {
        PageBuilder {
            operations: Vec::new(),
            cursor_y: PAGE_HEIGHT - 80.0,
            image: None,
        }
    }

    /// Shows `text` with its baseline starting at (`x`, `y`), kerned after capitals as word
    /// processors do (a `TJ` array of string pieces and adjustments).
    fn text_at(&mut self, font: Font, size: f32, x: f32, y: f32, text: &str) {
        let mut pieces = Vec::new();
        let mut piece = String::new();
        for character in text.chars() {
            piece.push(character);
            if KERNED_AFTER.contains(character) {
                pieces.push(encoded(&std::mem::take(&mut piece)));
                pieces.push(Object::Integer(70));
            }
        }
        pieces.push(encoded(&piece));
        self.operations.extend([
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![font.resource().into(), size.into()]),
            Operation::new("Td", vec![x.into(), y.into()]),
            Operation::new("TJ", vec![Object::Array(pieces)]),
            Operation::new("ET", vec![]),
        ]);
    }

    /// Shows `text` one word at a time, each placed by its own move and no space characters
    /// between them, as some PDF writers set justified text.
    fn words_at(&mut self, size: f32, x: f32, y: f32, text: &str) {
        self.operations.extend([
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Font::Regular.resource().into(), size.into()]),
            Operation::new("Td", vec![x.into(), y.into()]),
        ]);
        for word in text.split_whitespace() {
            self.operations
                .push(Operation::new("Tj", vec![encoded(word)]));
            let advance = text_width(word, size) + size * 0.28;
            self.operations
                .push(Operation::new("Td", vec![advance.into(), 0.into()]));
        }
        self.operations.push(Operation::new("ET", vec![]));
    }

    /// Right-aligns `text` on the right margin.
    fn text_right(&mut self, font: Font, size: f32, y: f32, text: &str) {
        let width = text_width(text, size);
        self.text_at(font, size, PAGE_WIDTH - MARGIN - width, y, text);
    }

    /// Centres `text` on the page.
    fn text_centred(&mut self, font: Font, size: f32, y: f32, text: &str) {
        let width = text_width(text, size);
        self.text_at(font, size, (PAGE_WIDTH - width) / 2.0, y, text);
    }

    /// A heading on its own line, with space above it.
    fn heading(&mut self, size: f32, text: &str) {
        self.cursor_y -= size * 0.8;
        self.text_at(Font::Bold, size, MARGIN, self.cursor_y, text);
        self.cursor_y -= size * 1.4;
    }

    /// A paragraph wrapped to the text width, with space below it.
    fn paragraph(&mut self, text: &str) {
        self.paragraph_in(MARGIN, PAGE_WIDTH - 2.0 * MARGIN, text);
    }

    fn paragraph_in(&mut self, x: f32, width: f32, text: &str) {
        for line in wrap(text, width, 10.0) {
            self.text_at(Font::Regular, 10.0, x, self.cursor_y, &line);
            self.cursor_y -= 13.0;
        }
        self.cursor_y -= 8.0;
    }

    /// A paragraph set word by word (see [`PageBuilder::words_at`]).
    fn justified(&mut self, text: &str) {
        for line in wrap(text, PAGE_WIDTH - 2.0 * MARGIN, 10.0) {
            self.words_at(10.0, MARGIN, self.cursor_y, &line);
            self.cursor_y -= 13.0;
        }
        self.cursor_y -= 8.0;
    }

    fn stroke_rectangle(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.operations.extend([
            Operation::new("re", vec![x.into(), y.into(), width.into(), height.into()]),
            Operation::new("S", vec![]),
        ]);
    }
}

/// A PDF string of `text` in `WinAnsiEncoding`.
fn encoded(text: &str) -> Object {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    Object::String(bytes.into_owned(), StringFormat::Literal)
}

/// The advance of `text` in Helvetica, from the font's metrics (in thousandths of an em).
fn text_width(text: &str, size: f32) -> f32 {
    let thousandths: u32 = text
        .chars()
        .map(|character| match character {
            '\'' => 191,
            'i' | 'j' | 'l' => 222,
            ' ' | '.' | ',' | ':' | ';' | '/' | 'f' | 't' | 'I' | '!' | '|' => 278,
            'r' | '(' | ')' | '-' => 333,
            'J' | 'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => 500,
            'L' => 556,
            'F' | 'T' | 'Z' => 611,
            'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
            'C' | 'D' | 'H' | 'N' | 'R' | 'U' | 'w' => 722,
            'G' | 'O' | 'Q' => 778,
            'M' | 'm' => 833,
            '%' => 889,
            'W' => 944,
            _ => 556,
        })
        .sum();
    thousandths as f32 / 1000.0 * size
}

/// Greedy word wrap to lines of at most `width` points.
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && text_width(&format!("{line} {word}"), size) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Assembles pages into a document with the two Helvetica fonts.
fn document(pages: Vec<PageBuilder>) -> Result<Document, Box<dyn Error>> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(font_dictionary("Helvetica"));
    let bold = doc.add_object(font_dictionary("Helvetica-Bold"));
    let fonts = dictionary! { "F1" => regular, "F2" => bold };
    let mut kids = Vec::new();
    for page in pages {
        let mut content = Stream::new(
            dictionary! {},
            Content {
                operations: page.operations,
            }
            .encode()?,
        );
        content.compress()?;
        let content_id = doc.add_object(content);
        let mut resources = dictionary! { "Font" => fonts.clone() };
        if let Some(image) = page.image {
            let image_id = doc.add_object(image);
            resources.set("XObject", dictionary! { "Im1" => image_id });
        }
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = i64::try_from(kids.len())?;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let id = Object::String(b"oversight-fixture".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    Ok(doc)
}

fn font_dictionary(base_font: &str) -> Dictionary {
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => base_font,
        "Encoding" => "WinAnsiEncoding",
    }
}

fn save(mut doc: Document, path: &Path) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)?;
    std::fs::write(path, &bytes)?;
    println!("{} ({} bytes)", path.display(), bytes.len());
    Ok(bytes)
}

/// A page of the meeting pack: the running header, the `Item` line of a report's pages, and the
/// `Page N of M` footer.
fn pack_page(number: usize, total: usize, item: Option<u32>) -> PageBuilder {
    let mut page = PageBuilder::new();
    page.text_at(Font::Regular, 9.0, MARGIN, PAGE_HEIGHT - 40.0, PACK_HEADER);
    if let Some(item) = item {
        page.text_right(
            Font::Bold,
            11.0,
            PAGE_HEIGHT - 58.0,
            &format!("Item {item}"),
        );
    }
    page.text_centred(
        Font::Regular,
        9.0,
        30.0,
        &format!("Page {number} of {total}"),
    );
    page
}

fn agenda_item(page: &mut PageBuilder, title: &str, description: &str) {
    page.heading(11.0, title);
    page.paragraph(description);
}

/// The five-page meeting pack: a two-page agenda and the reports of items 4 and 5.
fn agenda_pack() -> Vec<PageBuilder> {
    const PAGES: usize = 5;
    let mut first = pack_page(1, PAGES, None);
    first.heading(16.0, "Agenda");
    first.paragraph("Friday 26 September 2014");
    first.paragraph(
        "A meeting of the Warwickshire Police and Crime Panel will be held in the Council \
         Chamber, North Warwickshire Borough Council, Atherstone, on 26th September 2014, \
         commencing 10.00 a.m.",
    );
    first.heading(11.0, "1. General");
    first.paragraph("(1) Apologies");
    first.paragraph("(2) Members' Disclosures of Pecuniary and Non-Pecuniary Interests");
    first.paragraph(
        "Members are required to register their disclosable pecuniary interests within 28 days \
         of their election of appointment to the Council. Non-pecuniary interests must still be \
         declared in accordance with the new Code of Conduct.",
    );
    first.paragraph("(3) Minutes of the meeting held on 18th July 2014");
    agenda_item(
        &mut first,
        "2. Public Question Time",
        "Up to 30 minutes of the meeting is available for members of the public to ask questions \
         on any matters relevant to the business of the Police and Crime Panel or the Police and \
         Crime Commissioner. Questioners may ask two questions and can speak for up to three \
         minutes each.",
    );
    agenda_item(
        &mut first,
        "3. Independent Custody Visiting",
        "To receive a brief presentation from the Chairs of the North and South Independent \
         Custody Visiting (ICV) service regarding their experiences of the role.",
    );

    let mut second = pack_page(2, PAGES, None);
    agenda_item(
        &mut second,
        "4. Report of the Budget Working Group",
        "To consider the report and minutes of the last meeting of the Working Group.",
    );
    agenda_item(
        &mut second,
        "5. Operation Devonport",
        "To consider the outcome of the Chief Constable's review of Operation Devonport and the \
         Commissioner's view.",
    );
    agenda_item(
        &mut second,
        "6. Work Programme 2014/15",
        "To consider the updated Work Programme and future areas of activity.",
    );
    agenda_item(
        &mut second,
        "7. Any Urgent Items",
        "At the discretion of the Chair, items may be raised which are considered urgent (please \
         notify Democratic Services in advance of the meeting).",
    );
    agenda_item(
        &mut second,
        "8. Date of Next Meeting",
        "The next meeting has been scheduled for 21st November 2014, commencing 11.00 a.m. at \
         Elizabeth House, Stratford-upon-Avon.",
    );
    second.heading(11.0, "Contact Details");
    second.paragraph(
        "For queries regarding this agenda, please contact Georgina Atkinson, Democratic \
         Services Team Leader, Tel: (01926) 412144.",
    );

    let mut third = pack_page(3, PAGES, Some(4));
    third.heading(14.0, "Report of the Budget Working Group");
    third.heading(11.0, "Recommendations");
    third.paragraph(
        "That the Warwickshire Police and Crime Panel considers the minutes of the Budget \
         Working Group meeting in respect of Quarter 1 2014/15 information, and appoints \
         additional members to the Budget Working Group.",
    );
    third.heading(11.0, "1.0 Background");
    third.paragraph(
        "1.1 At its meeting on 20th June 2014, the Warwickshire Police and Crime Panel agreed to \
         undertake quarterly budget monitoring in respect of the Police and Crime \
         Commissioner's budget and to delegate this to the Panel's Budget Working Group.",
    );
    third.heading(11.0, "2.0 Key Findings");
    third.paragraph(
        "2.1 The Budget Working Group considered the report including Base Budget information, \
         the Medium Term Financial Plan and Reserves. Dave Clarke reported that there was a \
         projected underspend of £8.25 million across the Strategic Alliance. This figure \
         included the projected £2.31 million expenditure for Operation X. The majority of the \
         underspend related to officer pay as a result of a higher turnover in police officers \
         than anticipated.",
    );
    third.paragraph(
        "2.2 The Working Group asked the Commissioner whether he felt that he could continue to \
         justify the 2014/15 precept increase of 1.99% in light of the projected underspend and \
         the level of reserves.",
    );

    let mut fourth = pack_page(4, PAGES, Some(5));
    fourth.heading(14.0, "Operation Devonport Situation Report");
    fourth.heading(11.0, "1.0 Introduction");
    fourth.justified(
        "1.1 The purpose of this review and report is to outline the current position of \
         Operation Devonport after the significant force changes in October 2013.",
    );
    fourth.justified(
        "1.2 The investment of £6.2 million provided a significant opportunity to impact on \
         protection and in particular, achieving the challenging targets set by Warwickshire \
         Police Authority and subsequently the Police and Crime Commissioner.",
    );
    fourth.heading(11.0, "3.0 Executive Summary");
    fourth.justified(
        "3.1 Operation Devonport is the investment of £6.2 million to provide additionality to \
         Warwickshire Police.",
    );
    fourth.justified(
        "3.4 To maintain this additional resource further investment will be required. The \
         current financial breakdown has been reviewed, with a balance of £1,814,701. Further \
         funding of £5 million is requested, to provide stability and the capability to respond \
         to threat, risk and harm during the next 2 financial years.",
    );

    let mut fifth = pack_page(5, PAGES, Some(5));
    fifth.heading(11.0, "4.0 Recommendations");
    fifth.paragraph(
        "4.1 That the PCC formally endorses the request that Operation Devonport continues until \
         2017 and that the £5 million funding is allocated from identified reserves.",
    );
    fifth.paragraph(
        "4.2 Close the identified gap in cross border criminality through enforcement, using \
         the flexibility of mobile ANPR.",
    );
    fifth.paragraph(
        "3.7 Performance has been successful with a large number of arrests (1526) and positive \
         outcomes. There has been a significant increase in detection rates across the Priority \
         Policing Areas.",
    );
    vec![first, second, third, fourth, fifth]
}

/// A page in two columns under a full-width title, its lines written row by row across both
/// columns as some layout programs do, so that reading order has to come from positions.
fn two_columns() -> Vec<PageBuilder> {
    let mut page = PageBuilder::new();
    page.heading(16.0, "Public Safety, Public Trust");
    page.paragraph("Innovative Ideas for Police and Crime Commissioners in 2020");
    let column_width = (PAGE_WIDTH - 2.0 * MARGIN - 25.0) / 2.0;
    let left = column_lines(
        &[
            ("Introduction", true),
            (
                "Police and Crime Commissioners play a crucial role in tackling crime, addressing the \
             needs of their communities, and ensuring the justice system is fair and effective.",
                false,
            ),
            (
                "This document highlights some of the main challenges facing the criminal justice \
             system and provides practical innovative solutions that prospective PCCs could \
             include in their manifestos.",
                false,
            ),
        ],
        column_width,
    );
    let right = column_lines(
        &[
            ("Tackling violent crime", true),
            (
                "While overall levels of violent crime have decreased over the past ten years, there \
             have been worrying rises in knife crime and robbery.",
                false,
            ),
            (
                "PCCs, with the support of the Home Office, should create Violence Reduction Units, \
             which use a multi-agency, long-term approach to tackle violence and its underlying \
             causes.",
                false,
            ),
        ],
        column_width,
    );
    let top = page.cursor_y - 10.0;
    let right_x = MARGIN + column_width + 25.0;
    let mut placed: Vec<(usize, f32, f32, &(Font, String))> = Vec::new();
    for (row, line) in left.iter().enumerate() {
        placed.push((row, MARGIN, top - row as f32 * 13.0, line));
    }
    for (row, line) in right.iter().enumerate() {
        placed.push((row, right_x, top - row as f32 * 13.0, line));
    }
    placed.sort_by_key(|(row, ..)| *row);
    for (_, x, y, (font, text)) in placed {
        page.text_at(*font, 10.0, x, y, text);
    }
    vec![page]
}

/// Wraps a column's paragraphs into lines, a blank line after each paragraph.
fn column_lines(paragraphs: &[(&str, bool)], width: f32) -> Vec<(Font, String)> {
    let mut lines = Vec::new();
    for (text, bold) in paragraphs {
        let font = if *bold { Font::Bold } else { Font::Regular };
        lines.extend(wrap(text, width, 10.0).into_iter().map(|line| (font, line)));
        lines.push((Font::Regular, String::new()));
    }
    lines
}

/// A page with a ruled table of three columns between two paragraphs.
fn table() -> Vec<PageBuilder> {
    let mut page = PageBuilder::new();
    page.heading(14.0, "5.1 Contracted Staff");
    page.paragraph(
        "Devonport staff are employed on temporary contracts and the current breakdown of staff \
         is shown below:",
    );
    let rows = [
        ["Role", "Team", "FTE"],
        ["Police Staff Investigators", "Proactive CID", "51.6"],
        ["Field Intelligence staff", "Intelligence Function", "3.59"],
        ["Victim Support", "Reactive CID", "2"],
        ["Corporate Communication", "Headquarters", "1"],
        ["Performance Analyst", "Headquarters", "1"],
        ["Total Agency Staff", "", "60.19"],
    ];
    const TABLE_WIDTH: f32 = 420.0;
    let column_x = [MARGIN, MARGIN + 200.0, MARGIN + 380.0];
    let row_height = 18.0;
    let table_top = page.cursor_y + 4.0;
    for (index, row) in rows.iter().enumerate() {
        let y = table_top - row_height * (index as f32 + 1.0);
        page.stroke_rectangle(MARGIN - 4.0, y, TABLE_WIDTH, row_height);
        let font = if index == 0 {
            Font::Bold
        } else {
            Font::Regular
        };
        for (cell, x) in row.iter().zip(column_x) {
            if !cell.is_empty() {
                page.text_at(font, 10.0, x, y + 5.0, cell);
            }
        }
    }
    page.cursor_y = table_top - row_height * (rows.len() as f32 + 2.0);
    page.paragraph(
        "The corporate communication officer and performance analyst post are currently vacant, \
         so there are 58.19 currently employed in Full Time Equivalent (FTE) posts.",
    );
    vec![page]
}

/// A grey-scale image of a typed page: dark bars where the lines of text were.
fn scan_image() -> Result<Stream, Box<dyn Error>> {
    const WIDTH: usize = 620;
    const HEIGHT: usize = 877;
    let mut pixels = vec![245u8; WIDTH * HEIGHT];
    let mut seed: u32 = 2014;
    for line in 0..48 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let length = 300 + (seed >> 16) as usize % 240;
        let top = 60 + line * 16;
        for row in top..top + 7 {
            for column in 50..50 + length {
                let speck = (row * 31 + column * 17) % 23 == 0;
                pixels[row * WIDTH + column] = if speck { 180 } else { 40 };
            }
        }
    }
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::try_from(WIDTH)?,
            "Height" => i64::try_from(HEIGHT)?,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        pixels,
    );
    image.compress()?;
    Ok(image)
}

fn scanned_page() -> Result<PageBuilder, Box<dyn Error>> {
    let mut page = PageBuilder::new();
    page.operations.extend([
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![
                PAGE_WIDTH.into(),
                0.into(),
                0.into(),
                PAGE_HEIGHT.into(),
                0.into(),
                0.into(),
            ],
        ),
        Operation::new("Do", vec!["Im1".into()]),
        Operation::new("Q", vec![]),
    ]);
    page.image = Some(scan_image()?);
    Ok(page)
}

/// A short two-page letter, the text of the encrypted fixtures.
fn letter() -> Vec<PageBuilder> {
    let mut first = PageBuilder::new();
    first.heading(14.0, "Office of the Police and Crime Commissioner");
    first.paragraph(
        "The Commissioner and her counterpart in Dorset have agreed with both Chief Constables \
         to develop a joint approach to the police complaints process.",
    );
    let mut second = PageBuilder::new();
    second.paragraph(
        "It is expected that the legislation will come into effect in mid 2018 and preparations \
         are underway for the introduction of new systems.",
    );
    vec![first, second]
}

fn encrypt(doc: &mut Document, user_password: &str) -> Result<(), Box<dyn Error>> {
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
    let state = EncryptionState::try_from(EncryptionVersion::V4 {
        document: doc,
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: "oversight-owner",
        user_password,
        permissions: Permissions::PRINTABLE,
    })?;
    doc.encrypt(&state)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let folder = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/fixtures/pdf".to_string()),
    );
    std::fs::create_dir_all(&folder)?;

    let pack = save(document(agenda_pack())?, &folder.join("agenda-pack.pdf"))?;
    save(document(two_columns())?, &folder.join("two-columns.pdf"))?;
    save(document(table())?, &folder.join("table.pdf"))?;

    save(
        document(vec![scanned_page()?])?,
        &folder.join("scanned.pdf"),
    )?;
    let mut partly = letter();
    partly.insert(1, scanned_page()?);
    save(document(partly)?, &folder.join("partly-scanned.pdf"))?;

    let mut doc = document(letter())?;
    encrypt(&mut doc, "panel-2014")?;
    save(doc, &folder.join("encrypted.pdf"))?;
    let mut doc = document(letter())?;
    encrypt(&mut doc, "")?;
    save(doc, &folder.join("encrypted-without-user-password.pdf"))?;

    let truncated = &pack[..pack.len() * 2 / 5];
    std::fs::write(folder.join("truncated.pdf"), truncated)?;
    println!("truncated.pdf ({} bytes)", truncated.len());
    Ok(())
}
