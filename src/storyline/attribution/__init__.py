"""Who said what: attribution spans (source, cue, content) tagged in each paragraph, linked into
attributions by the parse, and read as the report's quotes.

- :mod:`.spans`: the span vocabulary every part shares
- :mod:`.transformer` (the tagger: fine-tuned all-mpnet-base-v2 run as ONNX) with
  :mod:`.weights` and :mod:`.encoder_base` (building it from the base encoder's package),
  :mod:`.crf` (the CRF over spaCy features: fallback and cue lexicon)
- :mod:`.linking`: tagged spans -> attributions (what ``storyline eval attribution`` scores)
- :mod:`.speakers`, :mod:`.quotes`: attributions -> quotes with speaker, role, medium, stance
- :mod:`.corpus` (PolNeAR reader, for the eval and training), :mod:`.export` (training only)
"""
