//! Quotations credited with a dash and a name after them (vox pops, epigraphs, pull quotes):
//! `“C” ― Name`.

use crate::domain::Rule;
use crate::extract::Candidate;
use crate::text::Sentence;

use super::confidence;

/// Quotations credited with a dash and a name after them, as vox pops, epigraphs and pull
/// quotes are: "“He represents our greatest shame.” ― Ana Ruiz". The content is the whole
/// quotation, however many sentences it has; the name is two to four capitalised words.
pub(crate) fn quote_credits(text: &str, sentences: &[Sentence]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (close, q) in text.match_indices(['”', '"']) {
        let after = close + q.len();
        let Some(rest) = text.get(after..) else {
            continue;
        };
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
        let Some(dash) = rest
            .get(gap..)
            .and_then(|r| r.chars().next())
            .filter(|c| matches!(c, '―' | '—' | '–'))
        else {
            continue;
        };
        let cue = after + gap..after + gap + dash.len_utf8();
        let Some(tail) = text.get(cue.end..) else {
            continue;
        };
        let lead = tail.len() - tail.trim_start_matches([' ', '\u{a0}']).len();
        let name_start = cue.end + lead;
        // the name: capitalised words on the same line, up to a quotation mark or a comma
        let line = text
            .get(name_start..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        let (mut name_end, mut words, mut offset) = (name_start, 0, 0);
        for w in line.split(' ') {
            let word = w.trim_end_matches(['.', ',']);
            let capitalised = word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
                && word.len() <= 20;
            if !capitalised || words == 4 {
                break;
            }
            words += 1;
            // an initial keeps its period ("Edwin G. Monroy"); another period or a comma ends
            // the name
            let initial = word.chars().count() == 1 && w.ends_with('.');
            name_end = name_start + offset + if initial { w.len() } else { word.len() };
            offset += w.len() + 1;
            if w.len() != word.len() && !initial {
                break;
            }
        }
        if !(2..=4).contains(&words) {
            continue;
        }
        let Some(open) = quotation_start(text, close, q) else {
            continue;
        };
        let Some(sentence) = sentences
            .iter()
            .position(|s| s.range.start <= cue.start && cue.start < s.range.end)
        else {
            continue;
        };
        out.push(Candidate::new(
            sentence,
            cue,
            Some(name_start..name_end),
            std::iter::once(open..after).collect(),
            Rule::QuoteCredit,
            confidence::PERIPHERAL_SOURCE,
        ));
    }
    out
}

/// Where the quotation closed by the mark `q` at byte `close` opens: back over the quotations
/// nested in it ("“... “hell” than ...”"), within its paragraph; a paragraph whose opening
/// mark is a misprinted closing one opens at its first mark.
fn quotation_start(text: &str, close: usize, q: &str) -> Option<usize> {
    let para_start = text.get(..close)?.rfind('\n').map_or(0, |k| k + 1);
    let para = text.get(para_start..close)?;
    if q == "\"" {
        return para.rfind('"').map(|k| para_start + k);
    }
    let mut depth = 0usize;
    for (k, c) in para.char_indices().rev() {
        match c {
            '”' => depth += 1,
            '“' if depth == 0 => return Some(para_start + k),
            '“' => depth -= 1,
            _ => {}
        }
    }
    para.find(['“', '”']).map(|k| para_start + k)
}
