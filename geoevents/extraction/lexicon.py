"""Words that signal incidents, and the words that cancel them.

The categories are ACLED's (see :mod:`geoevents.contract`); the trigger
phrases are ours. Each trigger is a regular expression with the sub-event
type it signals and a strength: 1.0 for words that name the tactic
("airstrike", "shelling", "IED"), lower for words whose meaning depends on
context ("strikes", "attack", "fighting").

Precedence follows ACLED's rule that concurrent tactics take the higher
type: :data:`PRECEDENCE` lists sub-event types from highest to lowest.
"""

from __future__ import annotations

import re

__all__ = ["Trigger", "TRIGGERS", "PRECEDENCE", "MODAL_BEFORE", "MODAL_AFTER", "NEGATION", "REFERRING", "AIR_CONTEXT"]


class Trigger:
    """One trigger: a pattern, the sub-event type it signals, and its strength.

    ``hints`` are lower-case substrings one of which any match contains; a
    sentence without any of them is not searched (a cheap first look).
    """

    __slots__ = ("sub_event_type", "pattern", "strength", "needs", "hints")

    def __init__(self, sub_event_type: str, pattern: str, strength: float = 1.0, needs: str | None = None,
                 hints: tuple[str, ...] = ()):
        self.sub_event_type = sub_event_type
        self.pattern = re.compile(pattern, re.I)
        self.strength = strength
        self.needs = needs  # None, "nonstate" (actor must be non-state), "state", "air" (air context)
        self.hints = hints

    def may_match(self, lower_text: str) -> bool:
        return not self.hints or any(h in lower_text for h in self.hints)


_T = Trigger

TRIGGERS: list[Trigger] = [
    # Explosions/Remote violence
    _T("Chemical weapon", r"\b(?:chemical\s+(?:weapons?\s+)?(?:attacks?|strikes?)|sarin|chlorine\s+(?:gas|attacks?|bombs?)|nerve\s+agents?|mustard\s+gas|(?:toxic|poison(?:ous)?)?\s*gas\s+attacks?|(?:barrels?|bombs?|canisters?|cylinders?|shells?|rockets?)\s+(?:filled\s+with|containing|loaded\s+with|of)\s+(?:chlorine|sarin|toxic\s+gas|poison(?:ous)?\s+gas|toxic\s+chemicals?))\b", hints=('chemical', 'sarin', 'chlorine', 'nerve agent', 'mustard gas', 'gas attack', 'toxic', 'poison')),
    _T("Suicide bomb", r"\bsuicide\s+(?:bomb(?:ing|ings|er|ers|s)?|attacks?|attackers?|blasts?|vests?|(?:car|truck)\s+bomb(?:s|ing|ings|er|ers)?)\b", hints=('suicide',)),
    _T("Air/drone strike", r"\b(?:air\s*-?\s*strikes?|air\s+raids?|aerial\s+(?:bombardments?|attacks?|bombings?|strikes?)|drone\s+(?:strikes?|attacks?)|bombing\s+raids?|air\s+attacks?)\b", hints=('air', 'aerial', 'drone', 'bombing raid')),
    _T("Air/drone strike", r"\b(?:warplanes?|fighter\s+jets?|jets?|aircraft|helicopters?|gunships?|drones?|bombers?|A-10s?|F-16s?|Su-\d+s?)\b(?:\s+\w+){0,3}?\s+(?:struck|bombed|hit|targeted|attacked|pounded|fired\s+on|fired\s+at|carried\s+out\s+(?:strikes|raids))\b", 1.0, hints=('warplane', 'jet', 'aircraft', 'helicopter', 'gunship', 'drone', 'bomber', 'a-10', 'f-16', 'su-')),
    _T("Air/drone strike", r"\b(?:struck|bombed|hit|targeted)\s+by\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}(?:drones?|warplanes?|jets?|aircraft|helicopters?)\b", hints=('drone', 'warplane', 'jet', 'aircraft', 'helicopter')),
    _T("Air/drone strike", r"\b(?:strikes?|bombing|bombings|bombardment)\b", 0.6, "air", hints=('strike', 'bombing', 'bombardment')),
    _T("Shelling/artillery/missile attack", r"\b(?:shell(?:ing|ed|s)|artillery(?:\s+fire|\s+strikes?)?|mortars?(?:\s+(?:rounds?|shells?|fire|attacks?))?|rocket\s+(?:fire|attacks?|strikes?)|rockets?\s+(?:were\s+)?(?:fired|launched|hit|struck|landed)|missile\s+(?:strikes?|attacks?)|missiles?\s+(?:were\s+)?(?:fired|launched|hit|struck)|barrages?|bombard(?:ed|ment|ments)|ballistic\s+missiles?|cruise\s+missiles?|shelled)\b", hints=('shell', 'artillery', 'mortar', 'rocket', 'missile', 'barrage', 'bombard', 'ballistic')),
    _T("Shelling/artillery/missile attack", r"\b(?:fired|launched|lobbed)\s+(?:a\s+|an\s+|two\s+|several\s+|\d+\s+)?(?:[\w-]+\s+){0,2}?(?:missiles?|rockets?|mortars?|mortar\s+rounds|shells|projectiles)\b", 1.0, hints=("fired", "launched", "lobbed")),
    _T("Shelling/artillery/missile attack", r"\b(?:strikes?)\b", 0.5, "ground", hints=('strike',)),
    _T("Remote explosive/landmine/IED", r"\b(?:improvised\s+explosive\s+devices?|IEDs?|VBIEDs?|roadside\s+bombs?|land\s*mines?|(?:car|truck)\s+bomb(?:s|ing|ings)?|explosive\s+devices?|booby[-\s]traps?|bomb\s+(?:blasts?|explosions?|attacks?)|bombs?\s+(?:exploded|went\s+off|detonated)|explosions?|blasts?)\b", 0.8, hints=('ied', 'bomb', 'mine', 'explosi', 'booby', 'blast')),
    _T("Remote explosive/landmine/IED", r"\b(?:bombed|bombing)\b", 0.6, "noair", hints=("bomb",)),
    _T("Grenade", r"\b(?:(?:hand\s+)?grenades?(?:\s+attacks?)?)\b", hints=('grenade',)),
    # Battles
    _T("Government regains territory", r"\b(?:recaptur(?:ed|e|es|ing)|retook|retake|retaken|retaking|regain(?:ed|s|ing)?\s+(?:control|territory)|reclaim(?:ed|s|ing)?|re-?took\s+control)\b", 1.0, "state", hints=('recaptur', 'retook', 'retake', 'regain', 'reclaim', 'took control')),
    _T("Non-state actor overtakes territory", r"\b(?:seiz(?:ed|e|es|ing)|captur(?:ed|e|es|ing)|took\s+(?:over|control)|taken\s+(?:over|control)|taking\s+(?:over|control)|overr(?:an|un|unning)|swept\s+(?:into|through)|advanced?\s+(?:into|on)|stormed)\b(?:\s+\w+){0,4}?\s+(?:territory|town|towns|city|cities|village|villages|base|bases|airport|district|districts|areas?|positions?|neighbourhoods?|neighborhoods?|province|region|hill|road|highway|crossing|control|parts)\b", 1.0, "nonstate", hints=('seiz', 'captur', 'took', 'taken', 'taking', 'overr', 'swept', 'advance', 'storm')),
    _T("Non-state actor overtakes territory", r"\b(?:major\s+)?(?:advance|advances|push)\s+(?:by\s+(?:\w+\s+){0,4})?(?:into|on|toward|towards)\b", 0.8, "nonstate", hints=('advance', 'offensive', 'push')),
    _T("Armed clash", r"\b(?:clash(?:es|ed|ing)?|stormed|storming|assaulted|fighting|fought|gun\s*battles?|gunfights?|firefights?|exchanges?\s+of\s+fire|exchanged\s+fire|skirmish(?:es|ed)?|ambush(?:ed|es)?|battl(?:es|ed|ing)|heavy\s+combat|offensives?|counter-?offensives?|assaults?\s+on|attacked\s+(?:an?\s+)?(?:\w+\s+)?(?:military|army|police)\s+(?:posts?|bases?|checkpoints?|positions?|convoys?|patrols?))\b", 0.8, hints=('clash', 'fight', 'fought', 'battl', 'firefight', 'gunfight', 'exchange', 'skirmish', 'ambush', 'combat', 'offensive', 'assault', 'attacked')),
    _T("Armed clash", r"\b(?:captur(?:ed|e|es|ing)|seiz(?:ed|e|es|ing)|took\s+(?:full\s+)?control\s+of|taken\s+control\s+of)\b", 0.8, "state_only", hints=("captur", "seiz", "control")),
    _T("Armed clash", r"\b(?:attacks?|attacked|attacking)\b", 0.5, hints=("attack",)),
    _T("Armed clash", r"\b(?:repel(?:led|s)?|repulsed|fended\s+off|beat\s+back)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|offensive|advance|attempt)\b", 0.9, hints=("repel", "repuls", "fended", "beat back")),
    _T("Attack", r"\b(?:killed|killing|shot\s+dead|murdered)\b", 0.5, "armed_subject", hints=("kill", "shot dead", "murder")),
    # Violence against civilians
    _T("Sexual violence", r"\b(?:rap(?:ed|es|ing)|sexual(?:ly)?\s+(?:violence|assault(?:ed)?|abuse(?:d)?))\b", hints=('rap', 'sexual')),
    _T("Abduction/forced disappearance", r"\b(?:abduct(?:ed|ion|ions|ing)|kidnapp?(?:ed|ing|ings)|forcibly\s+disappeared|taken\s+hostage|enforced\s+disappearances?)\b", hints=('abduct', 'kidnap', 'disappear', 'hostage')),
    _T("Attack", r"\b(?:massacre[ds]?|executed|(?:shot|stabbed|hacked|beaten|burned)\s+(?:to\s+death|dead)|(?:killed|shot|attacked|murdered|targeted)\s+(?:\w+\s+){0,3}?(?:civilians|villagers|residents|worshippers|pilgrims|farmers|children|women|journalists|aid\s+workers|displaced\s+people)|gunmen\s+(?:killed|attacked|opened\s+fire)|opened\s+fire\s+on\s+(?:\w+\s+){0,2}(?:civilians|villagers|residents|worshippers|passengers))\b", hints=('massacre', 'executed', 'shot', 'stabbed', 'hacked', 'beaten', 'burned', 'killed', 'attacked', 'murdered', 'targeted', 'gunmen', 'opened fire')),
    # Protests and riots
    _T("Excessive force against protesters", r"\b(?:(?:opened\s+fire|fired\s+live\s+(?:rounds|ammunition)|shot|killed)\s+(?:on\s+|at\s+)?(?:\w+\s+){0,2}(?:protesters|protestors|demonstrators|marchers))\b", hints=('protest', 'demonstrat', 'marcher')),
    _T("Protest with intervention", r"\b(?:(?:dispersed?|dispersing|broke\s+up|tear[-\s]?gas(?:sed)?|water\s+cannons?|rubber\s+bullets|baton[-\s]charged|arrested)\s+(?:\w+\s+){0,4}?(?:protest|protests|protesters|protestors|demonstrators|demonstration|rally|crowd|marchers)|(?:protesters|demonstrators)\s+(?:were\s+)?(?:dispersed|arrested|detained|tear-gassed))\b", hints=('protest', 'demonstrat', 'rally', 'crowd', 'marcher')),
    _T("Violent demonstration", r"\b(?:riot(?:s|ed|ing|ers)?|violent\s+(?:protests?|demonstrations?)|(?:protesters|demonstrators|crowds?)\s+(?:\w+\s+){0,3}?(?:threw\s+stones|hurled\s+(?:stones|rocks)|set\s+fire|torched|clashed\s+with\s+police|stormed))\b", hints=('riot', 'violent', 'protest', 'demonstrat', 'crowd')),
    _T("Mob violence", r"\b(?:mob\s+(?:attack(?:ed|s)?|violence|lynch(?:ed|ing)?|killed|beat)|lynch(?:ed|ing)|vigilantes?\s+(?:attacked|killed))\b", hints=('mob', 'lynch', 'vigilante')),
    _T("Peaceful protest", r"\b(?:protest(?:s|ed|ing|ers|ors)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|sit-?ins?|marched|vigils?|strikers|went\s+on\s+strike|general\s+strike)\b", 0.8, hints=('protest', 'demonstrat', 'rall', 'sit-in', 'sitin', 'sit in', 'marched', 'vigil', 'strike')),
    # Strategic developments (recorded only as that type)
    _T("Agreement", r"\b(?:(?:signed|reached|agreed\s+(?:on|to)|announced|brokered)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}?(?:ceasefire|cease-fire|truce|peace\s+(?:deal|agreement|accord)|prisoner\s+(?:swap|exchange)|evacuation\s+deal|de-?escalation\s+(?:deal|agreement))|ceasefire\s+(?:took|takes|went)\s+(?:effect|into\s+effect))\b", hints=('ceasefire', 'cease-fire', 'truce', 'peace', 'prisoner', 'evacuation', 'escalation')),
    _T("Arrests", r"\b(?:arrest(?:ed|s)|detain(?:ed|s)|rounded\s+up|raids?\s+(?:on|in)\s+(?:\w+\s+){0,3}(?:homes|houses))\b", 0.7, hints=('arrest', 'detain', 'rounded up', 'raid')),
    _T("Change to group/activity", r"\b(?:(?:dismiss(?:ed|al)|sacked|fired|removed|replaced|relieved|ousted)\s+(?:\w+\s+){0,4}?(?:commander|general|chief|head|minister|leader)|(?:commander|general|chief)\s+(?:\w+\s+){0,8}?(?:was\s+)?(?:dismissed|sacked|replaced|relieved|sent\s+into\s+retirement)|sent\s+into\s+retirement|resign(?:ed|ation)\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}(?:commander|general|chief)|defected|disbanded|merged\s+with)\b", hints=('dismiss', 'sacked', 'fired', 'removed', 'replaced', 'relieved', 'ousted', 'retirement', 'resign', 'defected', 'disbanded', 'merged')),
    _T("Disrupted weapons use", r"\b(?:intercepted|shot\s+down|downed|defused|dismantled\s+(?:an?\s+)?(?:explosive|bomb|IED)|foiled)\b", hints=('intercept', 'shot down', 'downed', 'defused', 'dismantled', 'foiled')),
    _T("Headquarters or base established", r"\b(?:(?:established|set\s+up|built|opened)\s+(?:a\s+|an\s+|new\s+)*(?:military\s+)?(?:base|headquarters|outpost|camp))\b", 0.8, hints=('base', 'headquarters', 'outpost', 'camp')),
    _T("Looting/property destruction", r"\b(?:loot(?:ed|ing)|ransack(?:ed|ing)|(?:destroyed|demolished|bulldozed|burned|torched)\s+(?:\w+\s+){0,3}?(?:homes|houses|shops|property|buildings|crops|mosque|church))\b", 0.8, hints=('loot', 'ransack', 'destroyed', 'demolished', 'bulldozed', 'burned', 'torched')),
    _T("Non-violent transfer of territory", r"\b(?:handed\s+over\s+(?:control|territory|positions|the\s+\w+)|withdrew\s+from|pulled\s+out\s+of|ceded\s+(?:control|territory)|took\s+over\s+without\s+(?:a\s+)?fight)\b", 0.8, hints=('handed over', 'withdrew', 'pulled out', 'ceded', 'took over')),
]

#: Sub-event types from highest to lowest: concurrent tactics take the higher.
PRECEDENCE: tuple[str, ...] = (
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Armed clash",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Abduction/forced disappearance",
    "Attack",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Protest with intervention",
    "Peaceful protest",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)
RANK = {s: i for i, s in enumerate(PRECEDENCE)}

#: Words before a trigger that make it a statement, plan, threat or hypothesis, not an event.
MODAL_BEFORE = re.compile(
    r"\b(?:could|would|might|may|will|shall|should|must|can|plan(?:s|ned|ning)?\s+to|threat(?:en|ened|ens)\s+(?:to|with|of)|"
    r"vow(?:ed|s)?\b|pledg(?:ed|es)\s+to|promis(?:ed|es)\s+to|intend(?:s|ed)?\s+to|ready\s+to|prepared\s+to|"
    r"warn(?:ed|s)?\s+(?:of|that|against)|call(?:ed|s)?\s+for|demand(?:ed|s)?|urg(?:ed|es)|if|unless|whether|"
    r"fear(?:s|ed)?|risk\s+of|possible|possibility\s+of|expected\s+to|aims?\s+to|seeks?\s+to|wants?\s+to|"
    r"to\s+(?:stop|prevent|end|halt|avoid))\b",
    re.I,
)
#: Words right after a trigger that make it hypothetical ("a counteroffensive could be launched").
MODAL_AFTER = re.compile(r"^\W*(?:[\w'’-]+\s+){0,3}?(?:could|would|might|may|will|is\s+expected|was\s+planned|is\s+planned|is\s+possible)\b", re.I)
#: Negation before a trigger.
NEGATION = re.compile(r"\b(?:no|not|never|denied|deny|denies|without|neither|nor|n't|false|fake)\b", re.I)
#: A definite description that refers back to an incident already told ("the attacks", "the fighting").
REFERRING = re.compile(r"\b(?:the|these|those|this|that|such)\s+(?:[\w-]+\s+)?$", re.I)
#: A trigger that is a verb ("shelled", "signed") never refers back.
VERBAL = re.compile(r"^\w+ed\b", re.I)
#: Words that say the strikes came from the air.
AIR_CONTEXT = re.compile(r"\b(?:air\s*force|air\s*strikes?|air\s*raids?|warplanes?|jets?|aircraft|drones?|helicopters?|aerial|bombers?|A-10|F-16|Su-\d+)\b", re.I)
#: Words that say the strikes came from the ground.
GROUND_CONTEXT = re.compile(r"\b(?:artillery|missiles?|rockets?|mortars?|shelling|howitzers?|tanks?)\b", re.I)


_HINTS = None


def trigger_windows(text: str, lower: str) -> dict[int, list[tuple[int, int]]]:
    """For each trigger (by index in :data:`TRIGGERS`), the spans of ``text`` where it can match.

    One Aho-Corasick pass finds every hint word; each trigger's pattern then
    runs only around its own hints.
    """
    global _HINTS
    from .text import Anchors

    if _HINTS is None:
        owners: dict[str, set[int]] = {}
        for k, trig in enumerate(TRIGGERS):
            for h in trig.hints:
                owners.setdefault(h, set()).add(k)
        _HINTS = Anchors(owners)
    return _HINTS.grouped_windows(text, before=120, after=120, lower=lower)
