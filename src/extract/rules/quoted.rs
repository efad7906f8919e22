//! "Quoted as saying": `S was quoted (by O) as saying C` and `O quoted S as saying C`, where
//! O is a channel. Their contents are read as a verb cue's (see `verb::source_cue`).

use super::{CueAt, Shape};
use crate::extract::phrase::{np_left, np_right};
use crate::text::SentenceView;

/// "Li was quoted by Xinhua as saying", "Li was quoted as saying by Xinhua that".
pub(super) fn passive_shape(s: &SentenceView<'_>, c: &CueAt, floor: usize) -> Shape {
    let by = match c.gap {
        Some((a, b)) => np_right(s, a + 1).map(|r| r.start..r.end.min(b)),
        None if s.w(c.end) == "by" => np_right(s, c.end + 1),
        None => None,
    };
    Shape::SourceCue {
        source: np_left(s, c.start, floor),
        via: by.into_iter().collect(),
    }
}

/// "Reuters quoted a senior diplomat as saying".
pub(super) fn active_shape(s: &SentenceView<'_>, c: &CueAt, floor: usize) -> Shape {
    let Some((mut a, mut b)) = c.gap else {
        return Shape::None;
    };
    while a < b && s.is_punct(a, ",") {
        a += 1;
    }
    while b > a && s.is_punct(b - 1, ",") {
        b -= 1;
    }
    if a >= b {
        return Shape::None;
    }
    Shape::SourceCue {
        source: Some(a..b),
        via: np_left(s, c.start, floor).into_iter().collect(),
    }
}
