//! Turns laid-out pages into a PDF with printpdf: each face used is subset once per
//! document and embedded; text goes in as Unicode so `pdftotext` reads it back.

use std::collections::BTreeSet;

use printpdf::{
    Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem, TextMatrix,
};

use super::fonts::{self, FontError};
use super::layout::{Item, Layout, PAGE_H, PAGE_W};

fn pt(mm: f32) -> Pt {
    Pt(mm * 72.0 / 25.4)
}

fn point(x: f32, y_from_top: f32) -> Point {
    Point {
        x: pt(x),
        y: pt(PAGE_H - y_from_top),
    }
}

/// Serialises the layout's pages into PDF bytes titled `title`.
pub fn render(mut layout: Layout<'_>, title: &str) -> Result<Vec<u8>, FontError> {
    let fonts = layout.fonts();
    // Pass 1: which characters each face must carry.
    let mut used: Vec<BTreeSet<char>> = vec![BTreeSet::new(); fonts.faces.len()];
    let pages = std::mem::take(&mut layout.pages);
    for page in &pages {
        for item in &page.items {
            if let Item::Text { style, text, .. } = item {
                for c in text.chars() {
                    let g = layout.glyph(style.role, c);
                    if let Some(set) = used.get_mut(g.face) {
                        set.insert(c);
                    }
                }
            }
        }
    }
    let mut doc = PdfDocument::new(title);
    let mut ids = Vec::with_capacity(used.len());
    for (face, chars) in fonts.faces.iter().zip(&used) {
        if chars.is_empty() {
            ids.push(None);
            continue;
        }
        let sub = fonts::subset(face, chars)?;
        ids.push(Some(doc.add_font(&sub.font)));
    }
    // Pass 2: operations, one text section per page.
    let mut out = Vec::with_capacity(pages.len());
    for page in &pages {
        let mut ops = vec![Op::SetOutlineThickness { pt: Pt(0.5) }];
        let mut thickness = 0.5;
        for item in &page.items {
            if let Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } = item
            {
                if (*width - thickness).abs() > f32::EPSILON {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    thickness = *width;
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: point(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: point(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        let mut current: Option<(usize, f32)> = None;
        for item in &page.items {
            let Item::Text { x, y, style, text } = item else {
                continue;
            };
            let mut pen = *x;
            for (face, run) in runs(&mut layout, style.role, text) {
                let Some(Some(id)) = ids.get(face) else {
                    continue;
                };
                if current != Some((face, style.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id.clone()),
                        size: Pt(style.size),
                    });
                    current = Some((face, style.size));
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(pt(pen), pt(PAGE_H - *y)),
                });
                pen += layout.width(&run, *style);
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(run)],
                });
            }
        }
        ops.push(Op::EndTextSection);
        out.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops));
    }
    doc.with_pages(out);
    let mut warnings = Vec::new();
    Ok(doc.save(&PdfSaveOptions::default(), &mut warnings))
}

/// Splits `text` into runs drawn from one face each (Latin fallback, rare characters).
fn runs(layout: &mut Layout<'_>, role: super::fonts::Role, text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for c in text.chars() {
        let face = layout.glyph(role, c).face;
        match out.last_mut() {
            Some((f, s)) if *f == face => s.push(c),
            _ => out.push((face, c.to_string())),
        }
    }
    out
}
