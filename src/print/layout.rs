//! A small layout layer for A4 pages: text measured with the real font, paragraphs that
//! wrap and flow to the next page, tables whose header repeats on every page and whose
//! rows never split, and page-number footers. Positions are millimetres from the top-left
//! corner; [`super::pdf`] turns the pages into printpdf operations.

use std::collections::HashMap;

use super::fonts::{FontSet, Role};

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
/// Millimetres per typographic point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub role: Role,
    /// Size in points.
    pub size: f32,
}

impl Style {
    pub const fn body(size: f32) -> Style {
        Style {
            role: Role::Body,
            size,
        }
    }

    pub const fn heading(size: f32) -> Style {
        Style {
            role: Role::Heading,
            size,
        }
    }

    /// The em size in millimetres.
    pub fn em(self) -> f32 {
        self.size * MM_PER_PT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text with its baseline's left end at (x, y).
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A straight line `width` points thick.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Where a character is drawn from: which face of the [`FontSet`] and its advance in em.
#[derive(Debug, Clone, Copy)]
pub struct Glyph {
    pub face: usize,
    pub advance: f32,
}

/// A table column: title, width in mm and alignment of its cells.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32, align: Align) -> Column {
        Column {
            title: title.to_string(),
            width,
            align,
        }
    }
}

/// How a table is set.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    pub header: Style,
    pub cell: Style,
    /// Smallest row height in mm (sign-in rows leave room to sign).
    pub min_row: f32,
}

/// Margins of every page, in mm.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

/// Lays out pages; `y` is the cursor (mm from the top) where the next block starts.
pub struct Layout<'f> {
    fonts: &'f FontSet,
    parsed: Vec<Option<ttf_parser::Face<'f>>>,
    cache: HashMap<(Role, char), Glyph>,
    pub pages: Vec<Page>,
    pub margins: Margins,
    /// Lowest y content may reach (page height minus bottom margin and any footer).
    pub bottom: f32,
    pub y: f32,
}

impl<'f> Layout<'f> {
    pub fn new(fonts: &'f FontSet, margins: Margins) -> Layout<'f> {
        Layout {
            fonts,
            parsed: fonts.parsed(),
            cache: HashMap::new(),
            pages: Vec::new(),
            margins,
            bottom: PAGE_H - margins.bottom,
            y: margins.top,
        }
    }

    pub fn fonts(&self) -> &'f FontSet {
        self.fonts
    }

    /// Left edge and width of the text area.
    pub fn left(&self) -> f32 {
        self.margins.left
    }

    pub fn right(&self) -> f32 {
        PAGE_W - self.margins.right
    }

    pub fn text_width(&self) -> f32 {
        self.right() - self.left()
    }

    /// Starts a new page and puts the cursor at its top margin.
    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.margins.top;
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page unless `height` mm still fit above the bottom.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > self.bottom {
            self.new_page();
        }
    }

    /// The face and advance of `c` in `role`: the first face of the chain that has it.
    pub fn glyph(&mut self, role: Role, c: char) -> Glyph {
        if let Some(g) = self.cache.get(&(role, c)) {
            return *g;
        }
        let chain = self.fonts.chain(role);
        let found = chain.iter().find_map(|&i| {
            let face = self.parsed.get(i)?.as_ref()?;
            let gid = face.glyph_index(c).filter(|g| g.0 != 0)?;
            let adv = face.glyph_hor_advance(gid).unwrap_or(0);
            Some(Glyph {
                face: i,
                advance: f32::from(adv) / f32::from(face.units_per_em().max(1)),
            })
        });
        // A character no face has is drawn as the first face's empty box, one em wide.
        let g = found.unwrap_or(Glyph {
            face: chain.first().copied().unwrap_or(0),
            advance: if c.is_ascii() { 0.5 } else { 1.0 },
        });
        self.cache.insert((role, c), g);
        g
    }

    /// Width of `text` in mm.
    pub fn width(&mut self, text: &str, style: Style) -> f32 {
        let em: f32 = text
            .chars()
            .map(|c| self.glyph(style.role, c).advance)
            .sum();
        em * style.em()
    }

    /// Draws one line of text; `x` is the left end, centre or right end per `align`.
    pub fn text(&mut self, x: f32, baseline: f32, text: &str, style: Style, align: Align) {
        if text.is_empty() {
            return;
        }
        let x = match align {
            Align::Left => x,
            Align::Center => x - self.width(text, style) / 2.0,
            Align::Right => x - self.width(text, style),
        };
        self.page().items.push(Item::Text {
            x,
            y: baseline,
            style,
            text: text.to_string(),
        });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.page().items.push(Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// Breaks `text` into lines no wider than `max` mm. Chinese breaks anywhere; a run of
    /// Latin letters and digits (a phone number, a URL) moves whole to the next line when
    /// it fits there; punctuation that must not start a line stays on the previous one.
    pub fn wrap(&mut self, text: &str, style: Style, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            self.wrap_one(para, style, max, &mut lines);
        }
        lines
    }

    fn wrap_one(&mut self, text: &str, style: Style, max: f32, out: &mut Vec<String>) {
        let em = style.em();
        let mut line = String::new();
        let mut w = 0.0;
        for c in text.chars() {
            let cw = self.glyph(style.role, c).advance * em;
            if w + cw > max && !line.is_empty() && !no_line_start(c) {
                let carried = carry_word(&mut line, c);
                out.push(std::mem::take(&mut line));
                w = 0.0;
                for d in carried.chars() {
                    w += self.glyph(style.role, d).advance * em;
                }
                line = carried;
            }
            line.push(c);
            w += cw;
        }
        out.push(line);
    }

    /// A paragraph that wraps and flows to the next page; `indent` is the first line's.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32, line_height: f32) {
        let width = self.text_width();
        let first = self.wrap(text, style, width - indent);
        let mut lines: Vec<(f32, String)> = Vec::new();
        // Re-wrap what follows the first line at full width.
        let mut rest = String::new();
        for (n, l) in first.into_iter().enumerate() {
            if n == 0 {
                lines.push((indent, l));
            } else {
                rest.push_str(&l);
            }
        }
        if !rest.is_empty() {
            for l in self.wrap(&rest, style, width) {
                lines.push((0.0, l));
            }
        }
        for (dx, l) in lines {
            self.ensure(line_height);
            let baseline = self.y + baseline_offset(line_height, style);
            let x = self.left() + dx;
            self.text(x, baseline, &l, style, Align::Left);
            self.y += line_height;
        }
    }

    /// Lays out a table from the cursor on. The header row is drawn at the start and on
    /// every continued page, after `on_new_page` has drawn what goes above it (a sheet's
    /// header block). A row that does not fit moves whole to the next page.
    pub fn table(
        &mut self,
        columns: &[Column],
        rows: &[Vec<String>],
        style: TableStyle,
        on_new_page: &mut dyn FnMut(&mut Layout<'f>),
    ) {
        let x0 = self.left();
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header_lines = self.cell_lines(columns, &header, style.header);
        let header_h = row_height(&header_lines, style.header, style);
        let first_h = rows
            .first()
            .map(|r| {
                let l = self.cell_lines(columns, r, style.cell);
                row_height(&l, style.cell, style)
            })
            .unwrap_or(0.0);
        if self.pages.is_empty() || self.y + header_h + first_h > self.bottom {
            self.new_page();
            on_new_page(self);
        }
        let mut top = self.y;
        self.draw_row(
            columns,
            &header_lines,
            header_h,
            style.header,
            Align::Center,
        );
        for row in rows {
            let lines = self.cell_lines(columns, row, style.cell);
            let h = row_height(&lines, style.cell, style);
            if self.y + h > self.bottom {
                self.grid(columns, x0, top, self.y);
                self.new_page();
                on_new_page(self);
                top = self.y;
                self.draw_row(
                    columns,
                    &header_lines,
                    header_h,
                    style.header,
                    Align::Center,
                );
            }
            self.draw_row_aligned(columns, &lines, h, style.cell);
        }
        self.grid(columns, x0, top, self.y);
    }

    fn cell_lines(
        &mut self,
        columns: &[Column],
        cells: &[String],
        style: Style,
    ) -> Vec<Vec<String>> {
        columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                let text = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = 2.0 * CELL_PAD;
                if self.width(text, style) <= col.width - pad {
                    vec![text.to_string()]
                } else {
                    self.wrap(text, style, col.width - pad)
                }
            })
            .collect()
    }

    fn draw_row(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        h: f32,
        style: Style,
        align: Align,
    ) {
        self.draw_cells(columns, lines, h, style, |_| align);
    }

    fn draw_row_aligned(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        h: f32,
        style: Style,
    ) {
        self.draw_cells(columns, lines, h, style, |c| c.align);
    }

    fn draw_cells(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        h: f32,
        style: Style,
        align: impl Fn(&Column) -> Align,
    ) {
        let lh = style.em() * LINE_FACTOR;
        let mut x = self.left();
        let top = self.y;
        for (col, cell) in columns.iter().zip(lines) {
            // Lines of a cell are centred vertically as a block.
            let block = lh * cell.len() as f32;
            let mut y = top + (h - block) / 2.0;
            for l in cell {
                let baseline = y + baseline_offset(lh, style);
                let ax = match align(col) {
                    Align::Left => x + CELL_PAD,
                    Align::Center => x + col.width / 2.0,
                    Align::Right => x + col.width - CELL_PAD,
                };
                self.text(ax, baseline, l, style, align(col));
                y += lh;
            }
            x += col.width;
        }
        let right = self.left() + columns.iter().map(|c| c.width).sum::<f32>();
        let left = self.left();
        self.line(left, top, right, top, RULE);
        self.y = top + h;
        let bottom = self.y;
        self.line(left, bottom, right, bottom, RULE);
    }

    /// The vertical rules of a table block from `top` to `bottom`.
    fn grid(&mut self, columns: &[Column], x0: f32, top: f32, bottom: f32) {
        let mut x = x0;
        self.line(x, top, x, bottom, RULE);
        for c in columns {
            x += c.width;
            self.line(x, top, x, bottom, RULE);
        }
    }

    /// Draws one line of text on an earlier page `page` (footers written once the page
    /// count is known).
    pub fn text_on(
        &mut self,
        page: usize,
        x: f32,
        baseline: f32,
        text: &str,
        style: Style,
        align: Align,
    ) {
        let x = match align {
            Align::Left => x,
            Align::Center => x - self.width(text, style) / 2.0,
            Align::Right => x - self.width(text, style),
        };
        if let Some(p) = self.pages.get_mut(page) {
            p.items.push(Item::Text {
                x,
                y: baseline,
                style,
                text: text.to_string(),
            });
        }
    }

    /// Writes "第 x 页 / 共 y 页" centred at the foot of pages `from..to`.
    pub fn number_pages(&mut self, from: usize, to: usize, baseline: f32, style: Style) {
        let total = to.saturating_sub(from);
        for (n, i) in (from..to).enumerate() {
            let text = format!("第 {} 页 / 共 {} 页", n + 1, total);
            self.text_on(i, PAGE_W / 2.0, baseline, &text, style, Align::Center);
        }
    }
}

/// Padding inside a table cell, mm.
pub const CELL_PAD: f32 = 1.5;
/// Line height of wrapped cell text, as a factor of the em.
const LINE_FACTOR: f32 = 1.3;
/// Thickness of table rules, points.
pub const RULE: f32 = 0.5;

fn row_height(lines: &[Vec<String>], style: Style, t: TableStyle) -> f32 {
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32;
    (n * style.em() * LINE_FACTOR + 2.0 * CELL_PAD).max(t.min_row)
}

/// Baseline of a line of text set in a box `line_height` mm tall: CJK glyphs sit about
/// 0.12 em below the baseline and 0.88 em above, so this centres the ink.
pub fn baseline_offset(line_height: f32, style: Style) -> f32 {
    line_height / 2.0 + style.em() * 0.36
}

/// Chinese punctuation that must not begin a line (避头点).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '”'
            | '’'
            | '」'
            | '』'
            | '】'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
            | '%'
    )
}

/// When a line ends inside a run of Latin letters or digits, moves that run to the next
/// line (returned) unless the run is the whole line.
fn carry_word(line: &mut String, next: char) -> String {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | '@' | '_');
    if !is_word(next) || !line.chars().last().is_some_and(is_word) {
        return String::new();
    }
    let run = line.chars().rev().take_while(|c| is_word(*c)).count();
    let len = line.chars().count();
    if run == 0 || run == len {
        return String::new();
    }
    // An opening bracket or quote never ends a line (避尾): it goes along.
    let opening = line
        .chars()
        .rev()
        .nth(run)
        .is_some_and(|c| matches!(c, '（' | '“' | '《' | '【' | '‘' | '「' | '('));
    let keep = len - run - usize::from(opening && run + 1 < len);
    let split = line.char_indices().nth(keep).map_or(line.len(), |(i, _)| i);
    line.split_off(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_a_phone_number_whole() {
        let mut line = "请致电020".to_string();
        let carried = carry_word(&mut line, '8');
        assert_eq!((line.as_str(), carried.as_str()), ("请致电", "020"));
        let mut all = "020".to_string();
        assert_eq!(carry_word(&mut all, '8'), "");
        let mut url = "登录学信网（www".to_string();
        assert_eq!(carry_word(&mut url, '.'), "（www");
        assert_eq!(url, "登录学信网");
        let mut cjk = "请致电020".to_string();
        assert_eq!(carry_word(&mut cjk, '解'), "");
    }
}
