"""The gazetteer: every name of every place, matching, and naming conventions."""

from truce.gazetteer.conventions import place_name
from truce.gazetteer.matching import Gazetteer, Match
from truce.gazetteer.names import fold, sound

__all__ = ["Gazetteer", "Match", "fold", "place_name", "sound"]
