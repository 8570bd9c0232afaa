"""Sentence rules: trigger verbs with their arguments, enumerations, place statements.

Each rule reads one sentence (split into clauses, see ``clauses``) and yields
relations named by the rule, so the graph can say which rule stated a fact:

- ``trigger``: a trigger verb (tables ``established_by``, ``implements``)
  and the programs or bodies after it in its clause; the actor is the
  clause's stated subject, a body right before the verb, an agent introduced
  by 由, or else the article's protagonist (then ``implicit``);
- ``post-verb``: a program followed by its verb (主题教育扎实开展);
- ``purpose``: 以X为抓手 (``purpose_heads``);
- ``by-agent``: X…由A负责建设: A implements X;
- ``members``: 由A、B…等N家单位组建X, S联合A、B…组建X, X成员包括A、B
  (联盟成员包括…: back to the last 联盟), A是X的成员单位, A加入X
  (``members``); X牵头,Y、Z参与: the participants are members of what is
  founded, or carry out the program too (``roles``);
- ``cooperates``: 对接A、B (object verbs), A与B合作/签订 and A、B联合开展
  (mutual verbs), A会同B; a partner written as a chain of places is the
  narrowest one (上海市奉贤区金汇镇);
- ``located``: X位于Y, 位于Y的X, X落户Y, Y是X所在地, 在Y设立/建成X,
  以Y为中心的X, X为Y最大的…, adjacent place names from broad to narrow
  (淮安市金湖镇);
- ``structure``: X下设Y (not 下设3个党支部), Y隶属于X, X所属Y (``structure``).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import ZONE_SUBTYPES, Mention, Relation, Sentence
from . import clauses, tables
from .clauses import ACTOR_TYPES, Index

Actor = tuple[Mention, bool]  # the actor and whether it was inferred (implicit)
# What follows the first of several names in a list (A、B, A等, A和B).
_LIST_AFTER = frozenset("、等和与及,，")
_CONTINUATION = re.compile(r"(?:和|及|以及|并|并且)")
_QUANTITY = re.compile(
    r"[0-9]+(?:\.[0-9]+)?[万千百]?(?:亩|平方米|平方公里|公里|米)?|[一二三四五六七八九十百千万两]+(?:亩|个)?"
)
_SUPERLATIVE = re.compile(r"的?(?:唯一|最大|最小|最长|最短|最早|最高|最美|首个|首家|第一)")
# Verbs a named project takes when it is carried out rather than founded.
_BUILD_VERBS = frozenset(("建成", "建设", "建立", "启动"))
# What may stand between the program and 为 in 以X为抓手 (以X建设为抓手).
_PURPOSE_TAILS = frozenset(("", "建设", "创建", "工作", "活动", "行动"))
_PROJECT_NAME = re.compile(r"(?:项目|工程)(?:[一二三四五六七八九十]期)?$")
# A copula ends what the actor does: 打造X是推动Y的…: Y is no act of the actor.
_COPULA = re.compile(r"(?<![一二三四五六七八九十])是")
# What may stand between the bodies and the role verb of X牵头 / Y、Z等3家单位共同参与.
_ROLE_FILLER = re.compile(r"^(?:等(?:[0-9一二三四五六七八九十]+[家个])?(?:单位|部门)?)?(?:共同|积极|全力|主动|具体)?")
# The longest modifier between 与 and 的 before a partner's name (与上游的西江区).
_MODIFIER = 6
# A count right before a name: 下设3个党支部 names no branch.
_COUNT = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十百]+)[个家支]$")
# 由A、B…: the agents of a clause; A与B…合作: the two sides of a mutual verb.
_BY = re.compile("由")
# What the agents after 由 did to found the thing named before it (联盟由A发起).
_FOUNDED_BY = re.compile(r"(?:共同|联合)?(?:发起成立|牵头成立|牵头组建|发起|牵头|组建|成立|创建|设立)")
_WITH = re.compile("与|同|和")
# Where the partners 联合 names are, written between them (联合辖区内的A、B, 联合周边的A).
_PARTNERS_WHERE = re.compile(r"[\u4e00-\u9fff]{1,4}?的")
# An adverb between partners and their verb (联合A、B共同开展X).
_TOGETHER = re.compile(r"共同|一起|一同|携手")
# The most characters between a program and its verb at the clause end (主题教育扎实开展).
_POST_VERB_GAP = 4
# The copula of A是X的成员单位.
# 成为 (首批, 新) before a member noun: the bodies listed before become members.
_BECOME = re.compile(r"成为(?:首批|第一批|新一批|新)?$")
_MEMBER_COPULA = re.compile(r"(?:是|为|系|成为)$")
# 由市长任组长的 before a body set up: who heads it (成立由市长任组长的X领导小组).
_HEADED_BY = re.compile(
    r"由[^,;。的]{1,12}?(?:任|担任)[^,;。的]{0,4}?(?:组长|主任|指挥长|总指挥|召集人|主席|队长|站长)的"
)
# Words for "where it is" that may stand between 与 and a partner's name (与所在地X).
_SEAT_WORDS = ("所在地", "所在", "当地", "属地", "驻地")
# A zone written bare before 内的 (园区内的X): the zone last named in the paragraph.
_BARE_ZONES = ("化工园区", "工业园区", "开发区", "经开区", "高新区", "园区")
# What closes the list of X吸纳A、B…加入: the units join (X's members).
_ADMIT_CLOSING = re.compile(r"加入|入盟|成为成员|为成员")
# What may stand between the listed bodies and 加入 or the clause end: their count
# (等19家单位), after more items no recognizer named (、超威集团等11家企业).
_ADMIT_COUNT = re.compile(
    r"(?:(?:、[\u4e00-\u9fff]{1,12}?)*等(?:[0-9]+|[一二三四五六七八九十百余多]+)[家个][\u4e00-\u9fff]{0,6})?"
)
_LIST_JOINERS = {"、", "和", "及", "以及", "与"}


def _list_gap(gap: str, first: bool) -> bool:
    """Whether ``gap`` may stand before a listed body: a joiner, or unrecognized items between 、 (nothing first)."""
    if gap in _LIST_JOINERS or (first and not gap):
        return True
    return (
        len(gap) <= 16
        and gap.endswith("、")
        and (first or gap.startswith("、"))
        and _NO_CLAUSE_MARK.search(gap) is None
    )


_NO_CLAUSE_MARK = re.compile(r"[,;:。!?的\n]")
# A clause that forms what the bodies listed in the clause before join (吸纳A、B,组建X).
_ADMIT_FORMING = re.compile(r"(?:共同|联合)?(?:发起成立|组建|成立|组成)")
# Characters that may follow a program named as a whole object (not as a modifier).
_AFTER_OBJECT = set("和及与、等,;:。!?”)")


# A walk event's place in the clause: its start, a trigger before a name starting there.
_POSITION = operator.itemgetter(0, 1)


@dataclass
class _Trigger:
    start: int
    end: int
    word: str
    relation: str


class SentenceRules:
    """All sentence rules of one document."""

    def __init__(self, index: Index, protagonist: Mention | None) -> None:
        self.index = index
        self.norm = index.norm
        self.protagonist = protagonist
        # The anaphors that may point to the protagonist: those whose endings
        # its name, or that of the body whose party committee it is, has
        # (全市 is not the district a report is about, 公司 no park; 公司 is
        # the company whose 集团党委 the report is about).
        key = protagonist.key if protagonist is not None else ""
        keys = (key, clauses.party_stem(key) or "")
        self.agreeing = frozenset(
            w for w, ends in tables.anaphors().items() if not ends or any(k.endswith(ends) for k in keys)
        )
        t = _tables()
        self.triggers, self.adjacent_triggers = tables.triggers(), tables.adjacent_triggers()
        self.trigger_re, self.words_re, self.rare_re, self.purpose_re = (
            t.trigger_re,
            t.words_re,
            t.rare_re,
            t.purpose_re,
        )
        self.coop, self.coop_re = t.coop, t.coop_re
        self.members, self.members_re = t.members, t.members_re
        self.roles = t.roles
        self.structure, self.structure_re = t.structure, t.structure_re
        self.located, self.located_re = t.located, t.located_re
        self._last_clause: tuple[tuple[int, int], list[_Trigger], list[Mention]] | None = None
        # Whether ``sentence`` passes over the sentences and clauses that touch
        # no mention (as no rule relates anything there); off in tests, and
        # where a mention covers no character (see Index.all_cover).
        self.shortcuts = index.all_cover

    # ------------------------------------------------------------ helpers

    def _anaphoric(self, ca: int, cb: int, protagonist: Mention) -> tuple[list[Actor], bool]:
        """Whom the anaphor opening clause [ca, cb) points to, and whether it is foreign (not the protagonist).

        One that cannot be the protagonist (该公司 in a report about a place,
        社区 in one about a street) points to a body of its kind (or the body
        whose party committee was named) named last before it in its paragraph.
        """
        word = clauses.anaphor_at(self.norm, self.index.opener_end(ca, cb), cb)
        if word in self.agreeing:
            return [(protagonist, True)], False
        ends = tables.anaphors().get(word or "", ())
        if not ends:
            return [], True
        named = [
            m
            for m in self.index.within(self._paragraph_start(ca), ca)
            if m.type in ACTOR_TYPES and (m.key.endswith(ends) or (clauses.party_stem(m.key) or "").endswith(ends))
        ]
        return ([(named[-1], True)] if named else []), True

    def _paragraph_start(self, pos: int) -> int:
        return self.norm.rfind("\n", 0, pos) + 1

    def _rel(
        self, type_: str, head: Mention, tail: Mention, sent: Sentence, rule: str, implicit: bool = False
    ) -> Relation | None:
        if (head.type, head.key) == (tail.type, tail.key):
            return None
        return Relation(type_, head, tail, sent, rule, implicit)

    def _free_finds(self, pattern: re.Pattern[str], start: int, end: int) -> list[re.Match[str]]:
        """Matches of ``pattern`` in [start, end) that do not touch a mention."""
        out = []
        pos = start
        covered = self.index.covered
        while pos < end:
            m = pattern.search(self.norm, pos, end)
            if m is None:
                break
            if covered.find(1, m.start(), m.end()) >= 0:  # Index.touches, inlined: called per match
                pos = m.start() + 1
                continue
            out.append(m)
            pos = m.end()
        return out

    def _triggers(self, start: int, end: int) -> list[_Trigger]:
        out = []
        adjacent, triggers = self.adjacent_triggers, self.triggers
        for m in self._free_finds(self.trigger_re, start, end):
            word = m.group()
            if word in adjacent:
                nxt = self.index.at.get(m.end())
                if nxt is None or nxt.type != "Program":
                    continue
                out.append(_Trigger(m.start(), m.end(), word, adjacent[word]))
            else:
                out.append(_Trigger(m.start(), m.end(), word, triggers[word]))
        return out

    def _clause(self, start: int, end: int) -> tuple[list[_Trigger], list[Mention]]:
        """The triggers and the mentions of [start, end); the last span asked is kept, as rules ask it again."""
        if self._last_clause is None or self._last_clause[0] != (start, end):
            trigs = self._triggers(start, end)
            self._last_clause = ((start, end), trigs, self.index.within(start, end))
        return self._last_clause[1], self._last_clause[2]

    def _local_actor(self, clause_start: int, trig: _Trigger) -> tuple[list[Mention], Mention | None]:
        """Bodies stated right before the verb, and the place of a 在 phrase: (actors, place).

        X在Y设立Z: X acts, Z lies in Y; 在A、B试点建设Z: the pilot places A and B
        carry Z out; X牵头成立Z: X acts (at most four adverb characters between).
        """
        norm = self.norm
        zai = norm.rfind("在", max(clause_start, trig.start - 12), trig.start)
        if zai >= 0 and self.index.covering(zai) is None:
            places = [m for m in self.index.within(zai + 1, trig.start) if m.type == "Place"]
            before = self.index.covering(zai - 1) if zai > clause_start else None
            if before is not None and before.type in ACTOR_TYPES and before.end == zai:
                return [before], places[0] if places else None
            if places and "试点" in norm[zai : trig.start]:
                return places, None
            return [], places[0] if places else None
        back = trig.start
        while (
            back > clause_start
            and trig.start - back < 4
            and "\u4e00" <= norm[back - 1] <= "\u9fff"
            and self.index.covering(back - 1) is None
        ):
            back -= 1
        m = self.index.covering(back - 1) if back > clause_start else None
        if m is not None and m.end == back and m.type in ACTOR_TYPES:
            # A与B联合开展X: both named sides act.
            with_ = self.index.covering(m.start - 2) if norm[m.start - 1 : m.start] in ("与", "同", "和") else None
            if with_ is not None and with_.end == m.start - 1 and with_.type in ACTOR_TYPES:
                return [with_, m], None
            # A联合B、C开展X: the body that acts with its partners, and they, act; a
            # list of partners that forms X is its members (S联合A、B组建X), A founds it.
            partners = self._listed_back(clause_start, m)
            lian = norm.rfind("联合", max(clause_start, partners[0].start - 8), partners[0].start)
            if lian >= 0 and self._partners_from(lian + 2) == partners[0].start:
                lead = self.index.covering(lian - 1)
                if lead is None or lead.end != lian or lead.type not in ACTOR_TYPES:
                    return [], None  # X牵头,联合A、B成立Y: the clause's actor, not its last partner
                if trig.relation == "establishedBy" and len(partners) > 1:
                    return [lead], None
                return [lead, *partners], None
            return [m], None
        return [], None

    def _partners_from(self, pos: int) -> int:
        """Where the partners named after 联合 (which ends at ``pos``) start: after 辖区内的, 周边的."""
        where = _PARTNERS_WHERE.match(self.norm, pos)
        if where is not None and where.end() in self.index.at and not self.index.within(pos, where.end()):
            return where.end()
        return pos

    def _listed_back(self, clause_start: int, last: Mention) -> list[Mention]:
        """The bodies listed with 、 up to ``last`` (B、C in 联合B、C开展), in order; ``last`` alone if none."""
        items = [last]
        while items[0].start - 1 > clause_start and self.norm[items[0].start - 1] == "、":
            before = self.index.covering(items[0].start - 2)
            if before is None or before.end != items[0].start - 1 or before.type not in ACTOR_TYPES:
                break
            items.insert(0, before)
        return items

    # -------------------------------------------------------------- rules

    def sentence(self, sent: Sentence) -> Iterator[Relation]:
        """Every relation the sentence states."""
        index, norm = self.index, self.norm
        # Every rule relates a name in the sentence or right next to it (one
        # the next sentence opens with, where an overlong one was cut): a
        # sentence touching none (two in five of those with a rule's word)
        # states nothing. Tests check it with ``shortcuts`` off.
        if self.shortcuts and not index.touches(sent.start - 1, sent.end + 1):
            return
        spans = clauses.split(index, sent.start, sent.end)
        carried: list[Actor] = []
        # After an anaphor that cannot be the protagonist (全市 in a district's
        # report), the clauses without a subject of their own are not its either.
        foreign = False
        last_trigger: _Trigger | None = None
        # Clauses touching no name since the last trigger read: their
        # triggers are read only when a clause joined by 并 asks (inherit).
        unread: list[tuple[int, int]] = []
        formed = False  # after 由A、B…组建X, the clauses that follow speak of X
        participants: list[Mention] = []  # X牵头,Y、Z参与: Y and Z take part in what X does next
        # A sentence without any word of the clause rules has none in any
        # clause: every clause below would be passed over (a quarter of them).
        no_words = self.words_re.search(norm, sent.start, sent.end) is None
        for ca, cb in [] if no_words else spans:
            if self.shortcuts and not index.touches(ca - 1, cb + 1):
                # Nor does a clause touching no name relate anything (nearly
                # two in three with a rule's word): it only passes on to the
                # clauses after it an anaphoric subject and its last trigger.
                if clauses.subject(index, ca, cb)[1] and self.protagonist is not None:
                    carried, foreign = self._anaphoric(ca, cb, self.protagonist)
                if formed:
                    carried = []
                unread.append((ca, cb))
                continue
            opened = index.opener_end(ca, cb)
            # A role clause matters only after an actor (X牵头,Y参与).
            role = self._role(ca, cb, opened) if carried else None
            if role is not None and role[0] == "participate":
                participants = role[1]
                continue
            group, anaphoric = clauses.subject(index, ca, cb)
            # Half the clauses hold no word of any rule's table (nor 由, 以):
            # then no rule below relates anything or changes what later
            # clauses see, except a trigger carried over by 并 (see inherit).
            # Each rule, too, is asked only where its own words occur: a free
            # match is a match, so this skips only rules that find nothing.
            words = self.words_re.search(norm, ca, cb) is not None
            # The rarer words (members, cooperation, location, structure, 由,
            # 以) stand in one such clause in ten: one test for all of them.
            rare = words and self.rare_re.search(norm, ca, cb) is not None
            agents = self._agents(ca, cb) if rare and norm.find("由", ca, cb) >= 0 else []
            if group:
                carried = [(m, False) for m in group]
                foreign = False
            elif anaphoric and self.protagonist is not None:
                carried, foreign = self._anaphoric(ca, cb, self.protagonist)
            if agents:
                carried = [(m, False) for m in agents]
            if formed and not group:
                carried = []
            inherit = None
            if (last_trigger is not None or unread) and _CONTINUATION.match(norm, opened, cb):
                last_trigger = self._latest_trigger(unread, last_trigger)
                unread = []
                inherit = last_trigger
            if not words and inherit is None:
                continue
            actors = carried or (
                [(self.protagonist, True)] if self.protagonist is not None and not formed and not foreign else []
            )
            subject_ids = {id(m) for m in group} | {id(m) for m in agents}
            has_members = rare and self.members_re.search(norm, ca, cb) is not None
            trigs, names = self._clause(ca, cb)
            if has_members:
                yield from self._members(sent, ca, cb, actors)
            # Without a trigger word or one carried over, the walk relates
            # nothing; nor without a name in the clause, as it relates only
            # the names after a trigger (two clauses in three with a trigger
            # name nothing).
            if names and (trigs or inherit is not None or self.trigger_re.search(norm, ca, cb)):
                yield from self._trigger_walk(sent, ca, cb, actors, subject_ids, inherit, has_members)
                if participants:
                    yield from self._participants(sent, ca, cb, participants, subject_ids, inherit, has_members)
            if any(m.type == "Program" for m in names):
                yield from self._post_verb(sent, cb, actors, names, trigs)
            if rare:
                has_yi = norm.find("以", ca, cb) >= 0
                if has_yi:
                    yield from self._purpose(sent, ca, cb, actors)
                if self.coop_re.search(norm, ca, cb) is not None:
                    yield from self._cooperates(sent, ca, cb, actors)
                if has_yi or self.located_re.search(norm, ca, cb) is not None:
                    yield from self._located(sent, ca, cb, spans, actors)
                if self.structure_re.search(norm, ca, cb) is not None:
                    yield from self._structure(sent, ca, cb)
            if trigs:
                last_trigger = trigs[-1]
                unread = []
            if agents:
                yield from self._by_agent(sent, ca, cb, agents, trigs)
            if has_members and self._formed(sent.start, ca, cb):
                formed = True
        places = [m for m in index.within(sent.start, sent.end) if m.type == "Place"]
        if places:  # both rules below relate a place named in the sentence
            yield from self._superlative(sent, spans, places)
            yield from self._chains(sent, places)

    def _latest_trigger(self, unread: list[tuple[int, int]], last: _Trigger | None) -> _Trigger | None:
        """The last trigger of the clauses ``unread`` (in order), else ``last``, the one read before them."""
        for ca, cb in reversed(unread):
            trigs = self._triggers(ca, cb)
            if trigs:
                return trigs[-1]
        return last

    def _role(self, ca: int, cb: int, pos: int) -> tuple[str, list[Mention]] | None:
        """X牵头 / (由)Y、Z等单位参与 as a whole clause: the role (``roles`` table) and the bodies.

        ``pos``: where the clause's openers end.
        """
        if self.norm.startswith("由", pos):
            pos += 1
        group, after = clauses.actor_group(self.index, pos, cb)
        if not group:
            return None
        rest = _ROLE_FILLER.sub("", self.norm[after:cb], count=1).strip("。;")
        kind = self.roles.get(rest)
        return (kind, group) if kind else None

    def _participants(
        self,
        sent: Sentence,
        ca: int,
        cb: int,
        participants: list[Mention],
        subject_ids: set[int],
        inherit: _Trigger | None,
        has_members: bool,
    ) -> Iterator[Relation]:
        """X牵头,Y参与,组建W / 推进W: Y is a member of the body founded, or carries out the program too."""
        ids = {id(p) for p in participants}
        walk = self._trigger_walk(sent, ca, cb, [(p, False) for p in participants], subject_ids, inherit, has_members)
        for r in walk:
            if r.type == "establishedBy" and id(r.tail) in ids and r.tail.type == "Organization":
                yield Relation("memberOf", r.tail, r.head, sent, "members.participant")
            elif r.type == "implements" and id(r.head) in ids:
                yield Relation("implements", r.head, r.tail, sent, r.rule.replace(".trigger:", ".participant:"))

    def _agents(self, ca: int, cb: int) -> list[Mention]:
        """由A、B…: the bodies introduced by 由 as the agents of the clause."""
        for m in self._free_finds(_BY, ca, cb):
            group, _ = clauses.actor_group(self.index, m.end(), cb)
            if group:
                return [g for g in group if g.type == "Organization"] or group
        return []

    def _trigger_walk(
        self,
        sent: Sentence,
        ca: int,
        cb: int,
        actors: list[Actor],
        subject_ids: set[int],
        inherit: _Trigger | None,
        has_members: bool,
    ) -> Iterator[Relation]:
        """Triggers and the names after them, in clause order: the actors did the trigger's act to each name.

        ``has_members``: whether a ``members`` word stands in the clause at
        all (without one, no body in it is formed by a list of units).
        """
        # 是 in the clause at all (one clause in ten) before a scan for a free copula.
        cop = self._free_finds(_COPULA, ca, cb) if self.norm.find("是", ca, cb) >= 0 else []
        if cop:
            cb = cop[0].start()
        if has_members and self._formed(sent.start, ca, cb):
            return  # 由A、B…组建X: the listed units are members, not founders
        trigs, names = self._clause(ca, cb)
        events: list[tuple[int, int, object]] = [(t.start, 0, t) for t in trigs]
        events += [(m.start, 1, m) for m in names]
        # A clause with a verb of its own that cooperates (并与A、B签订协议)
        # carries over no trigger: A and B are partners, not what was set up.
        current = inherit if inherit is None or self.coop_re.search(self.norm, ca, cb) is None else None
        # The actors stated before the current trigger (none for one carried
        # over), found when a name after it asks: most triggers relate no name.
        local: tuple[list[Mention], Mention | None] | None = ([], None)
        seen_object = False
        for _, _, item in sorted(events, key=_POSITION):
            if isinstance(item, _Trigger):
                current = item
                local = None
                seen_object = False
                continue
            m = item
            assert isinstance(m, Mention)
            if current is None or id(m) in subject_ids:
                continue
            if local is None:
                local = self._local_actor(ca, current)
            if any(m is x for x in local[0]) or m is local[1]:
                continue
            # A body right before the verb acts, unless it closes the clause's
            # subject group (A、B联合开展X: both act).
            own = [x for x in local[0] if id(x) not in subject_ids]
            who: list[Actor] = [(x, False) for x in local[0]] if own else actors
            if m.type == "Program":
                rel = current.relation
                if rel == "establishedBy" and _PROJECT_NAME.search(m.key) and current.word in _BUILD_VERBS:
                    rel = "implements"  # a named project is carried out, not founded
                relative = self.norm[current.end : m.start] == "的"  # 牵头成立的X…: X is what was set up
                if rel == "establishedBy" and m.end < cb and self.norm[m.end] not in _AFTER_OBJECT and not relative:
                    rel = "implements"  # 建立“X”长效机制: X qualifies what is set up
                for actor, implicit in who:
                    if rel == "implements":
                        r = self._rel("implements", actor, m, sent, f"implements.trigger:{current.word}", implicit)
                    else:
                        r = self._rel("establishedBy", m, actor, sent, f"established.trigger:{current.word}", implicit)
                    if r:
                        yield r
                seen_object = True
            elif m.type == "Organization" and current.relation == "establishedBy" and not seen_object:
                # 成立由市长任组长的X: who heads it describes the body founded, X is still the object.
                gap = _HEADED_BY.sub("", norm_gap(self.norm, current.end, m.start))
                followed = self.norm[m.end] if m.end < cb else ","
                if len(gap) > 6 or "以" in gap or "的" in gap or followed not in _AFTER_OBJECT:
                    continue  # 建立起党工委领导下的…: the body only qualifies the object
                for actor, implicit in who:
                    r = self._rel("establishedBy", m, actor, sent, f"established.trigger:{current.word}", implicit)
                    if r:
                        yield r
                if local[1] is not None:
                    r = self._rel("locatedIn", m, local[1], sent, "located.set-up-in")
                    if r:
                        yield r
                seen_object = True
            elif m.type == "Place" and current.relation == "establishedBy" and local[1] is not None and not seen_object:
                # 在Y建成X展示馆: the site built lies in the place of the 在 phrase.
                gap = norm_gap(self.norm, current.end, m.start)
                if len(gap) <= 6 and "的" not in gap:
                    r = self._rel("locatedIn", m, local[1], sent, "located.set-up-in")
                    if r:
                        yield r
                seen_object = True

    def _formed(self, sentence_start: int, ca: int, cb: int) -> set[int]:
        """Ids of the bodies formed by units listed after 由 in this clause (not established by the actor)."""
        return {id(x) for _, x, kind in self._member_pairs(sentence_start, ca, cb) if kind == "form"}

    def _member_pairs(self, sentence_start: int, ca: int, cb: int) -> list[tuple[Mention, Mention, str]]:
        """(member, body, kind) stated in the clause [ca, cb) of the sentence starting at ``sentence_start``."""
        pairs: list[tuple[Mention, Mention, str]] = []
        if self.members_re.search(self.norm, ca, cb) is None:
            return pairs  # no member word at all (most clauses): none that is free
        for m in self._free_finds(self.members_re, ca, cb):
            kind = self.members[m.group()]
            after = _outermost([x for x in self.index.within(m.end(), cb) if x.type in ("Program", "Organization")])
            before = [x for x in self.index.within(ca, m.start()) if x.type in ("Program", "Organization")]
            if kind == "form":
                intro = self._introducer(ca, m.start())
                if intro is None:
                    pairs += self._partners_before(sentence_start, ca, cb, m)
                    continue
                at, word = intro
                units = _outermost(
                    [x for x in self.index.within(at + len(word), m.start()) if x.type == "Organization"]
                )
                if not units or (len(units) < 2 and "等" not in self.norm[units[-1].end : m.start()]):
                    continue  # 由X牵头成立Y: one body that founds, no list of members
                before_by = [x for x in self.index.within(ca, at) if x.type in ("Program", "Organization")]
                target = _head_of_run(after) if after else (before_by[-1] if before_by and word == "由" else None)
                if target is not None:
                    pairs += [(u, target, "form" if word == "由" else "partner") for u in units]
            elif kind == "include":
                target = self._included_in(ca, m.start(), before)
                if target is not None:
                    pairs += [(u, target, kind) for u in after if u.type == "Organization"]
            elif kind == "noun":
                pairs += self._member_noun(ca, m) or self._became_members(sentence_start, ca, cb, m)
            elif kind == "join" and after:
                units = [x for x in before if x.type == "Organization"]
                pairs += [(u, _head_of_run(after), kind) for u in units[-1:]]
            elif kind == "admit":
                pairs += self._admitted(sentence_start, ca, cb, m)
        return pairs

    def _admitted(self, sentence_start: int, ca: int, cb: int, m: re.Match[str]) -> list[tuple[Mention, Mention, str]]:
        """X吸纳A、B等N家单位加入: the bodies listed after the verb are members of X.

        With 加入 closing the list, X is named after it (吸纳A、B加入X), else
        right before the verb (or by a bare head noun: 联盟吸纳…), else it is
        what the sentence named last before this clause (组建X联盟,吸纳A、B…加入).
        A list that ends the clause without 加入 joins the program formed at
        the start of the next clause (吸纳A、B等19家单位,组建X联盟), else the
        program named last before it (成立X联盟,吸纳A、B等11家企业).
        """
        closing = _ADMIT_CLOSING.search(self.norm, m.end(), cb)
        units = self._bodies_listed(m.end(), closing.start() if closing else cb)
        if not units:
            return []  # 吸纳X理念, 吸纳农户就业, 吸纳X公司职工加入: no list of bodies is taken in
        kinds: tuple[str, ...] = ("Program", "Organization")
        target: Mention | None = None
        if closing is not None:
            after = [x for x in self.index.within(closing.end(), cb) if x.type in kinds]
            if after and after[0].start == closing.end():
                target = _head_of_run(after)
        else:
            kinds = ("Program",)
            formed = _ADMIT_FORMING.match(self.norm, cb + 1) if self.norm[cb : cb + 1] == "," else None
            named = self.index.at.get(formed.end()) if formed else None
            if named is not None and named.type == "Program":
                target = named
        if target is None and (ref := self._referent(ca, m.start())) is not None and ref[0].type in kinds:
            target = ref[0]
        if target is None and self.index.opener_end(ca, cb) == m.start():
            earlier = [x for x in self.index.within(sentence_start, ca) if x.type in kinds and x.end <= ca]
            target = earlier[-1] if earlier else None
        return [(u, target, "admit") for u in units] if target is not None else []

    def _partners_before(
        self, sentence_start: int, ca: int, cb: int, m: re.Match[str]
    ) -> list[tuple[Mention, Mention, str]]:
        """S联合A、B等N家单位,组建X: the partners listed in the clause before are members of X.

        Only for a clause that opens with the forming verb, after a clause
        that ends with the list (and its count) after 联合 or 携手.
        """
        if self.index.opener_end(ca, cb) != m.start() or self.norm[ca - 1 : ca] != ",":
            return []
        target = self.index.at.get(m.end())
        if target is None or target.type not in ("Program", "Organization"):
            return []
        words = [w for w, kind in self.members.items() if kind == "partner"]
        at, word = max((self.norm.rfind(w, sentence_start, ca - 1), w) for w in words)
        if at < 0 or self.norm.find(",", at, ca - 1) >= 0:
            return []  # no partner word in the clause before
        units = self._bodies_listed(at + len(word), ca - 1)
        return [(u, target, "partner") for u in units] if len(units) >= 2 else []

    def _bodies_listed(self, start: int, end: int) -> list[Mention]:
        """The bodies [start, end) lists, if it is nothing but a list of bodies and their count, else none.

        Items no recognizer named may stand between them (吸纳入园企业党组织、X、Y),
        and the count after them (等19家单位); anything else (a name that is no
        body, 职工 after one, a clause mark) means the stretch lists no bodies.
        """
        units = _outermost([x for x in self.index.within(start, end) if x.type in ACTOR_TYPES])
        if not units or any(u.type != "Organization" for u in units):
            return []
        ends = [start, *(u.end for u in units[:-1])]
        gaps = [self.norm[a : u.start] for a, u in zip(ends, units, strict=True)]
        if not all(_list_gap(g, first=i == 0) for i, g in enumerate(gaps)):
            return []
        return units if _ADMIT_COUNT.fullmatch(self.norm, units[-1].end, end) else []

    def _introducer(self, ca: int, verb: int) -> tuple[int, str] | None:
        """The 由 (or 联合, 携手) that introduces the units listed before a forming verb."""
        best: tuple[int, str] | None = None
        for w in ("由", *(w for w, kind in self.members.items() if kind == "partner")):
            at = self.norm.rfind(w, ca, verb)
            if at >= 0 and self.index.covering(at) is None and (best is None or at > best[0]):
                best = (at, w)
        return best

    def _included_in(self, ca: int, at: int, before: list[Mention]) -> Mention | None:
        """The body whose members are listed from ``at`` on: named right before, or pointed back to.

        A clause that opens with the member word (联盟由A发起,成员单位包括B、C)
        lists the members of the program its paragraph named last.
        """
        ref = self._referent(ca, at)
        if ref is not None:
            return ref[0]
        if before:
            return before[-1]
        if self.index.opener_end(ca, at + 1) != at:
            return None
        programs = [x for x in self.index.within(self._paragraph_start(ca), ca) if x.type == "Program"]
        return programs[-1] if programs else None

    def _referent(self, ca: int, at: int) -> tuple[Mention, int] | None:
        """The program or body named right before ``at``, and where its reference starts.

        联盟成员包括A、B: a bare head noun (联盟, 专班, 协会) refers to the
        nearest earlier name of the paragraph that ends with it.
        """
        named = self.index.covering(at - 1)
        if named is not None and named.end == at and named.type in ("Program", "Organization"):
            return named, named.start
        head = next((h for h in _bare_heads() if self.norm.endswith(h, max(ca, at - len(h)), at)), None)
        if head is None or any(self.index.covering(i) for i in range(at - len(head), at)):
            return None
        para = self._paragraph_start(at)
        same = [
            x for x in self.index.within(para, at) if x.type in ("Program", "Organization") and x.key.endswith(head)
        ]
        return (same[-1], at - len(head)) if same else None

    def _became_members(
        self, sentence_start: int, ca: int, cb: int, m: re.Match[str]
    ) -> list[tuple[Mention, Mention, str]]:
        """成立X联盟,A、B等N家单位成为首批成员单位: the bodies listed become members of X.

        X is named before the noun (成为联盟成员单位, a bare head pointing back),
        else it is the program the sentence named last before the clause.
        """
        ref = self._referent(ca, m.start())
        at = ref[1] if ref else m.start()
        become = _BECOME.search(self.norm, max(ca, at - 5), at)
        if become is None:
            return []
        units = self._bodies_listed(self.index.opener_end(ca, cb), become.start())
        if not units:
            return []
        if ref is not None:
            target = ref[0]
        else:
            earlier = [x for x in self.index.within(sentence_start, ca) if x.type == "Program"]
            if not earlier:
                return []
            target = earlier[-1]
        return [(u, target, "noun") for u in units]

    def _member_noun(self, ca: int, m: re.Match[str]) -> list[tuple[Mention, Mention, str]]:
        """A是X的成员单位, A为X成员单位: A is a member of X."""
        norm = self.norm
        ref = self._referent(ca, m.start() - 1 if norm[m.start() - 1 : m.start()] == "的" else m.start())
        if ref is None:
            return []
        body, start = ref
        cop = _MEMBER_COPULA.search(norm, max(ca, start - 2), start)
        if cop is None:
            return []
        unit = self.index.covering(cop.start() - 1)
        if unit is None or unit.end != cop.start() or unit.type != "Organization":
            return []
        return [(unit, body, "noun")]

    def _members(self, sent: Sentence, ca: int, cb: int, actors: list[Actor]) -> Iterator[Relation]:
        for unit, target, kind in self._member_pairs(sent.start, ca, cb):
            r = self._rel("memberOf", unit, target, sent, "members" if kind == "form" else f"members.{kind}")
            if r:
                yield r
        for m in self._free_finds(self.members_re, ca, cb):
            if self.members[m.group()] != "join" or any(
                x.end <= m.start() and x.type == "Organization" for x in self.index.within(ca, m.start())
            ):
                continue
            after = [x for x in self.index.within(m.end(), cb) if x.type in ("Program", "Organization")]
            for actor, implicit in actors:
                if after and actor.type == "Organization":
                    r = self._rel("memberOf", actor, _head_of_run(after), sent, "members.join", implicit)
                    if r:
                        yield r

    def _post_verb(
        self, sent: Sentence, cb: int, actors: list[Actor], names: list[Mention], trigs: list[_Trigger]
    ) -> Iterator[Relation]:
        """主题教育扎实开展: a program followed by an implementing verb at the clause end.

        ``names`` and ``trigs``: the mentions and the triggers of the clause.
        """
        for m in names:
            if m.type != "Program" or (trigs and trigs[0].start < m.start):
                continue
            rest = self.norm[m.end : cb].rstrip("。!?;")
            if len(rest) > _POST_VERB_GAP + 1 + _longest("implements"):
                continue  # no verb ends the clause within reach (the test below, sooner)
            for word in tables.words("implements"):
                k = rest.find(word)
                if (
                    0 <= k <= _POST_VERB_GAP
                    and k + len(word) >= len(rest) - 1
                    and all("\u4e00" <= c <= "\u9fff" for c in rest[:k])
                ):
                    for actor, implicit in actors:
                        r = self._rel("implements", actor, m, sent, f"implements.post-verb:{word}", implicit)
                        if r:
                            yield r
                    break

    def _purpose(self, sent: Sentence, ca: int, cb: int, actors: list[Actor]) -> Iterator[Relation]:
        """以X为抓手: the actor carries out program X."""
        for m in self._free_purpose(ca, cb):
            progs = [x for x in self.index.within(m.start(1), m.end(1)) if x.type == "Program"]
            if not progs or self._triggers(m.start(1), m.end(1)):
                continue
            if self.norm[progs[-1].end : m.end(1)] not in _PURPOSE_TAILS:
                continue  # 以X反馈问题整改为抓手: X only qualifies the lever
            for actor, implicit in actors:
                r = self._rel("implements", actor, progs[0], sent, "implements.purpose", implicit)
                if r:
                    yield r

    def _free_purpose(self, ca: int, cb: int) -> list[re.Match[str]]:
        out = []
        for m in self.purpose_re.finditer(self.norm, ca, cb):
            if self.index.covering(m.start()) is None:
                out.append(m)
        return out

    def _by_agent(
        self, sent: Sentence, ca: int, cb: int, agents: list[Mention], clause_trigs: list[_Trigger]
    ) -> Iterator[Relation]:
        """X…,由A负责建设: the agents carry out the program named earlier in the sentence."""
        yield from self._founded_by_agent(sent, ca, cb, agents)
        trigs = [t for t in clause_trigs if t.relation == "implements" or t.word in _BUILD_VERBS]
        if not trigs or any(x.type == "Program" and x.start > trigs[0].start for x in self.index.within(ca, cb)):
            return
        earlier = [x for x in self.index.within(sent.start, ca) if x.type == "Program"]
        if not earlier:
            return
        for a in agents:
            r = self._rel("implements", a, earlier[0], sent, f"implements.by-agent:{trigs[0].word}")
            if r:
                yield r

    def _founded_by_agent(self, sent: Sentence, ca: int, cb: int, agents: list[Mention]) -> Iterator[Relation]:
        """联盟由A发起, X由A、B牵头成立: the program (or body) the clause opens with was founded by the agents."""
        by = next(iter(self._free_finds(_BY, ca, cb)), None)
        if by is None:
            return
        _, after = clauses.actor_group(self.index, by.end(), cb)
        verb = _FOUNDED_BY.match(self.norm, after)
        if verb is None:
            return
        ref = self._referent(ca, by.start())
        if ref is None or ref[0].type != "Program" or ref[1] != self.index.opener_end(ca, cb):
            return  # the founded thing opens the clause: X由A发起, 联盟由A发起
        for a in agents:
            r = self._rel("establishedBy", ref[0], a, sent, f"established.by-agent:{verb.group()}")
            if r:
                yield r

    def _cooperates(self, sent: Sentence, ca: int, cb: int, actors: list[Actor]) -> Iterator[Relation]:
        finds = self._free_finds(self.coop_re, ca, cb)
        for m in finds:
            kind = self.coop[m.group()]
            if kind == "with":
                yield from self._cooperates_with(sent, ca, m, actors)
                continue
            if kind != "object" and m.group() not in ("结对",):
                continue
            partners = _narrowest_each([x for x in self.index.within(m.end(), cb) if x.type in ACTOR_TYPES])
            if not partners:
                continue
            for actor, implicit in actors:
                for p in partners:
                    r = self._rel("cooperatesWith", actor, p, sent, f"cooperates.object:{m.group()}", implicit)
                    if r:
                        yield r
        for m in finds:
            # A联合B开展X: one partner right after 联合 and a verb after it (a
            # list after 联合 names the members of what is formed: S联合A、B…组建X)
            b = self.index.at.get(self._partners_from(m.end())) if m.group() == "联合" else None
            if b is not None and b.type in ACTOR_TYPES and self.norm[b.end : b.end + 1] not in _LIST_AFTER:
                yield from self._cooperates_with(sent, ca, m, actors, b)
            elif b is not None and b.type in ACTOR_TYPES:
                yield from self._cooperates_with_list(sent, ca, cb, m, actors, b)
        mutual = [m for m in finds if self.coop[m.group()] in ("mutual", "found")]
        if not mutual:
            return
        yield from self._cooperates_group(sent, ca, cb, mutual)
        # A与B…合作: the two sides of a mutual verb.
        for j in self._free_finds(_WITH, ca, mutual[-1].start()):
            b = self._partner_at(j.end(), mutual[-1].start())
            if b is None or b.type not in ACTOR_TYPES:
                continue
            b = self._narrowest(b)  # 与上海市奉贤区金汇镇结对: the town
            # 与B、C分别签订: each partner listed
            partners = [b]
            while self.norm[partners[-1].end : partners[-1].end + 1] == "、":
                nxt = self.index.at.get(partners[-1].end + 1)
                if nxt is None or nxt.type not in ACTOR_TYPES or nxt.end > mutual[-1].start():
                    break
                partners.append(self._narrowest(nxt))
            a = self.index.covering(j.start() - 1)
            sides: list[Actor]
            if a is not None and a.type in ACTOR_TYPES and a.end == j.start():
                sides = [(a, False)]
            elif j.group() == "和":
                continue
            else:
                word = next((w for w in tables.words("anaphors") if self.norm.endswith(w, ca, j.start())), None)
                sides = [(self.protagonist, True)] if word and self.protagonist is not None else actors
            for side, implicit in sides:
                for partner in partners:
                    r = self._rel("cooperatesWith", side, partner, sent, "cooperates.mutual", implicit)
                    if r:
                        yield r
            # (the verb may follow the partner at once: A与B共建X)
            last = partners[-1].end
            yield from self._founded_jointly(
                sent, [*sides, *((p, False) for p in partners)], [m for m in mutual if m.start() >= last]
            )

    def _founded_jointly(self, sent: Sentence, sides: list[Actor], verbs: list[re.Match[str]]) -> Iterator[Relation]:
        """A与B共建X: the body or program right after the verb was founded by both sides."""
        for v in verbs:
            x = self.index.at.get(v.end()) if self.coop[v.group()] == "found" else None
            if x is None or x.type not in ("Organization", "Program"):
                continue
            if x.end < len(self.norm) and self.norm[x.end] not in _AFTER_OBJECT:
                continue  # 共建乡村振兴人才培训基地: the name only begins what was built
            for side, implicit in sides:
                r = self._rel("establishedBy", x, side, sent, f"established.jointly:{v.group()}", implicit)
                if r:
                    yield r

    def _partner_at(self, pos: int, end: int) -> Mention | None:
        """The name at ``pos``, or after a short modifier ending in 的 (与上游的西江区, 与对口帮扶的X)."""
        m = self.index.at.get(pos)
        if m is not None:
            return m
        # 与所在地X, 与当地X: a word for "where it is" before the partner's name
        for word in _SEAT_WORDS:
            if self.norm.startswith(word, pos) and (m := self.index.at.get(pos + len(word))) is not None:
                return m
        de = self.norm.find("的", pos, min(end, pos + _MODIFIER + 1))
        if de < 0 or any(not ("\u4e00" <= c <= "\u9fff") for c in self.norm[pos:de]):
            return None
        if any(self.index.covering(i) for i in range(pos, de + 1)):
            return None
        return self.index.at.get(de + 1)

    def _cooperates_with_list(
        self, sent: Sentence, ca: int, cb: int, m: re.Match[str], actors: list[Actor], first: Mention
    ) -> Iterator[Relation]:
        """A联合B、C开展X: A works with each partner, unless the list forms something (S联合A、B…组建X: members)."""
        items = [first]
        while self.norm[items[-1].end : items[-1].end + 1] == "、":
            nxt = self.index.at.get(items[-1].end + 1)
            if nxt is None or nxt.type not in ACTOR_TYPES:
                return  # the list goes on with names no recognizer found: left to the members rules
            items.append(nxt)
        together = _TOGETHER.match(self.norm, items[-1].end)
        verb = together.end() if together else items[-1].end
        if _ADMIT_FORMING.match(self.norm, items[-1].end) or self.trigger_re.match(self.norm, verb) is None:
            return  # 联合A、B组建X (members), or no verb right after the list
        a = self.index.covering(m.start() - 1)
        sides = [(a, False)] if a is not None and a.end == m.start() and a.type in ACTOR_TYPES else actors
        for side, implicit in sides:
            for b in items:
                r = self._rel("cooperatesWith", side, self._narrowest(b), sent, "cooperates.with:联合", implicit)
                if r:
                    yield r

    def _cooperates_with(
        self, sent: Sentence, ca: int, m: re.Match[str], actors: list[Actor], b: Mention | None = None
    ) -> Iterator[Relation]:
        """A会同B…: A (named right before, else the clause's actor) works with B (the name right after the verb)."""
        b = b or self.index.at.get(m.end())
        if b is None or b.type not in ACTOR_TYPES:
            return
        a = self.index.covering(m.start() - 1)
        sides = [(a, False)] if a is not None and a.end == m.start() and a.type in ACTOR_TYPES else actors
        for side, implicit in sides:
            r = self._rel("cooperatesWith", side, self._narrowest(b), sent, f"cooperates.with:{m.group()}", implicit)
            if r:
                yield r

    def _cooperates_group(self, sent: Sentence, ca: int, cb: int, mutual: list[re.Match[str]]) -> Iterator[Relation]:
        """A、B联合开展…: bodies named together right before a mutual verb work with each other."""
        group, after = clauses.actor_group(self.index, self.index.opener_end(ca, cb), cb)
        if len(group) < 2 or not any(m.start() == after for m in mutual):
            return
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                r = self._rel("cooperatesWith", a, b, sent, "cooperates.group")
                if r:
                    yield r

    def _narrowest(self, m: Mention) -> Mention:
        """The last of places written back to back from ``m`` (上海市奉贤区金汇镇: 金汇镇)."""
        while m.type == "Place":
            nxt = self.index.at.get(m.end)
            # A mention that reaches no further (one of no characters) ends
            # the chain: it would be found at its own end again and again.
            if nxt is None or nxt.type != "Place" or nxt.end <= m.end:
                break
            m = nxt
        return m

    def _located(
        self, sent: Sentence, ca: int, cb: int, spans: list[tuple[int, int]], actors: list[Actor]
    ) -> Iterator[Relation]:
        """X位于Y, 位于Y的X, X落户Y, X搬迁至Y, X入驻Y; Y是X所在地; 以Y为中心的X.

        With no X named in the clause, the body the clause speaks of (X公司…,
        2021年整体搬迁至Y: a subject of an earlier clause, or the company 该公司
        points to) lies in Y; a place does not move, and 原位于 is where it was.
        """
        for m in self._free_finds(self.located_re, ca, cb):
            word = m.group()
            if self.norm[m.start() - 1 : m.start()] == "原":
                continue  # 原位于Y: where the body was before it moved
            if self.located[word] == "seat":
                yield from self._seat(sent, ca, cb, m, spans)
                continue
            if self.located[word] == "inside":
                yield from self._inside(sent, ca, m)
                continue
            first = self.index.at.get(m.end())
            if self.located[word] == "enter" and (first is None or first.type != "Place"):
                continue  # 入驻 a body or a platform is joining it (a members rule), not lying in a place
            if first is not None and first.type == "Place":
                place = self._narrowest(first)
                described = self.index.at.get(place.end + 1) if self.norm.startswith("的", place.end) else None
                if described is not None and described.type in ACTOR_TYPES:
                    r = self._rel("locatedIn", described, place, sent, f"located.attributive:{word}")
                    if r:
                        yield r
                    continue
            after = [x for x in self.index.within(m.end(), cb) if x.type == "Place"]
            if not after:
                continue
            place = self._narrowest(after[0])
            if place.subtype == "River":
                continue  # 地处长江下游: beside a river, not within it
            # A place after 从 (or 由) is where a body came from (X从Y搬迁至Z), not what lies in Z.
            before = [
                x
                for x in self.index.within(ca, m.start())
                if x.type in ACTOR_TYPES
                and not (
                    self.norm[x.start - 1 : x.start] == "从"
                    or (self.norm[x.start - 1 : x.start] == "由" and x.type == "Place")
                )
            ]
            head = before[-1] if before else self._described_before(ca, spans)
            implicit = False
            if head is None and self.located[word] == "verb":
                # Not the protagonist: a report's own body is no mover of
                # the firms it moves (推动12家企业搬迁进入Y).
                bodies = [a for a in actors if a[0].type == "Organization" and a[0] is not self.protagonist]
                head, implicit = bodies[0] if len(bodies) == 1 else (None, False)
            if head is None or (not before and not _may_lie_in(head, place)):
                continue
            # A、B等企业入驻Y: each body listed lies in Y
            for body in self._listed_back(ca, head) if before and head.type == "Organization" else [head]:
                r = self._rel("locatedIn", body, place, sent, f"located.verb:{word}", implicit)
                if r:
                    yield r
        for m in re.finditer("以", self.norm[ca:cb]):
            p = self.index.at.get(ca + m.end())
            if p is None or p.type != "Place" or not self.norm.startswith("为中心", p.end):
                continue
            nxt = [x for x in self.index.within(p.end + 3, min(cb, p.end + 12)) if x.type in ACTOR_TYPES]
            if nxt:
                r = self._rel("locatedIn", nxt[0], p, sent, "located.centre")
                if r:
                    yield r

    def _inside(self, sent: Sentence, ca: int, m: re.Match[str]) -> Iterator[Relation]:
        """Y内的X: the body X lies in the place Y, or in the zone a bare 园区 / 开发区 points back to."""
        x = self.index.at.get(m.end())
        if x is None or x.type != "Organization":
            return
        y = self.index.covering(m.start() - 1)
        if y is None or y.end != m.start():
            bare = next((w for w in _BARE_ZONES if self.norm.endswith(w, ca, m.start())), None)
            if bare is None or self.index.covering(m.start() - len(bare)) is not None:
                return
            zones = [
                z
                for z in self.index.within(self._paragraph_start(m.start()), m.start())
                if z.type == "Place" and z.subtype in ZONE_SUBTYPES
            ]
            y = zones[-1] if zones else None
        if y is not None and y.type == "Place":
            r = self._rel("locatedIn", x, y, sent, f"located.inside:{m.group()}")
            if r:
                yield r

    def _described_before(self, ca: int, spans: list[tuple[int, int]]) -> Mention | None:
        """What a clause opening with 位于 describes: the name closing the clause before, else the sentence subject.

        规划建设X园,位于Y: the park just named; X区…,位于Y: the subject.
        """
        prev = [(a, b) for a, b in spans if b < ca]
        if prev:
            a, b = prev[-1]
            last = self.index.covering(b - 1)
            if last is not None and last.end == b and last.type in ACTOR_TYPES:
                return last
        return self._sentence_subject(spans)

    def _seat(
        self, sent: Sentence, ca: int, cb: int, m: re.Match[str], spans: list[tuple[int, int]]
    ) -> Iterator[Relation]:
        """Y是X所在地, X所在地Y: X lies within the place Y."""
        end = m.start() - 1 if self.norm.startswith("的", m.start() - 1) else m.start()
        x = self.index.covering(end - 1)
        if x is None or x.end != end or x.type not in ACTOR_TYPES:
            return
        y = self.index.at.get(m.end())
        if y is None or y.type != "Place":
            cop = re.search(r"(?:是|为|系)$", self.norm[max(ca, x.start - 1) : x.start])
            subject = self.index.covering(x.start - 2) if cop else None
            y = (
                subject
                if subject is not None and subject.end == x.start - 1
                else (self._sentence_subject(spans) if cop else None)
            )
        if y is not None and y.type == "Place":
            r = self._rel("locatedIn", x, self._narrowest(y), sent, f"located.seat:{m.group()}")
            if r:
                yield r

    def _sentence_subject(self, spans: list[tuple[int, int]]) -> Mention | None:
        """The first place or body named at a clause start of the sentence."""
        for ca, cb in spans:
            m = self.index.at.get(self.index.opener_end(ca, cb))
            if m is not None and m.type in ACTOR_TYPES:
                return m
        return None

    def _superlative(self, sent: Sentence, spans: list[tuple[int, int]], places: list[Mention]) -> Iterator[Relation]:
        """X为江苏省最短的…, 作为无锡市唯一的…, X: X lies in that place (one of the sentence's ``places``)."""
        head: Mention | None = None
        for p in places:
            if not _SUPERLATIVE.match(self.norm, p.end):
                continue
            if not re.search(r"(?:为|作为|成为|是)$", self.norm[max(sent.start, p.start - 2) : p.start]):
                continue
            # The sentence's subject, looked for only once a place is so
            # described (in one sentence in a hundred).
            head = head or self._sentence_subject(spans)
            if head is None or head.type != "Place":
                return
            if p is head:
                continue
            r = self._rel("locatedIn", head, p, sent, "located.superlative")
            if r:
                yield r

    def _chains(self, sent: Sentence, places: list[Mention]) -> Iterator[Relation]:
        """淮安市金湖镇, X片区5000亩…基地: a narrower place right after a broader one (of the sentence's ``places``)."""
        for i, (a, b) in enumerate(zip(places, places[1:], strict=False)):
            gap = self.norm[a.end : b.start]
            if gap and not _QUANTITY.fullmatch(gap) and gap != "的":
                continue
            if narrower(b, a):
                r = self._rel("locatedIn", b, a, sent, "located.chain")
                if r:
                    yield r
                # 青山镇红星村、白沙村等6个村: the places listed after the first, of its level, lie there too
                prev = b
                for c in places[i + 2 :]:
                    if self.norm[prev.end : c.start] != "、" or c.key[-1:] != b.key[-1:]:
                        break
                    r = self._rel("locatedIn", c, a, sent, "located.chain")
                    if r:
                        yield r
                    prev = c

    def _structure(self, sent: Sentence, ca: int, cb: int) -> Iterator[Relation]:
        """X下设Y、Z; Y隶属于X; X所属Y."""
        for m in self._free_finds(self.structure_re, ca, cb):
            kind = self.structure[m.group()]
            before = [x for x in self.index.within(ca, m.start()) if x.type == "Organization"]
            if not before and kind == "belongs" and self.index.opener_end(ca, cb) == m.start():
                # 成立X临时党支部,隶属于Y: the clause speaks of the body the clause before named last
                before = [x for x in self.index.within(sent.start, ca) if x.type == "Organization" and x.end < ca][-1:]
            after = [x for x in self.index.within(m.end(), cb) if x.type == "Organization"]
            if not before or not after:
                continue
            if kind == "under":
                # 下设3个党支部: a count of branches names none of them.
                pairs = [(y, before[-1]) for y in _outermost(after) if not _COUNT.search(self.norm, ca, y.start)]
            elif kind == "owns":
                # X下属的Y: 的 may stand between the word and what X owns
                units, _ = clauses.actor_group(self.index, m.end() + self.norm.startswith("的", m.end()), cb)
                owned = [y for y in units if y.type == "Organization"] if before[-1].end == m.start() else []
                pairs = [(y, before[-1]) for y in owned]
            else:
                pairs = [(before[-1], after[0])]
            for child, parent in pairs:
                r = self._rel("subOrganizationOf", child, parent, sent, f"structure:{m.group()}")
                if r:
                    yield r


@dataclass(frozen=True)
class _Tables:
    """The rule tables as word -> kind maps and compiled patterns."""

    trigger_re: re.Pattern[str]
    coop: dict[str, str]
    coop_re: re.Pattern[str]
    members: dict[str, str]
    members_re: re.Pattern[str]
    roles: dict[str, str]
    structure: dict[str, str]
    structure_re: re.Pattern[str]
    located: dict[str, str]
    located_re: re.Pattern[str]
    purpose_re: re.Pattern[str]
    words_re: re.Pattern[str]  # every word a clause rule looks for, to pass over clauses with none
    rare_re: re.Pattern[str]  # the words of all rules but the triggers'


@functools.cache
def _tables() -> _Tables:
    """The tables, built once: every document (every article) uses the same ones."""
    coop = {w: kind for kind, w in tables.pairs("cooperates")}
    members = {w: kind for kind, w in tables.pairs("members")}
    structure = {w: kind for kind, w in tables.pairs("structure")}
    located = {w: kind for kind, w in tables.pairs("located")}
    triggers = [*tables.triggers(), *tables.adjacent_triggers()]
    rare = [*coop, *members, *structure, *located, "由", "以"]
    words = [*triggers, *tables.words("implements"), *rare]
    return _Tables(
        trigger_re=re.compile(tables.alternation(triggers)),
        coop=coop,
        coop_re=re.compile(tables.alternation(list(coop))),
        members=members,
        members_re=re.compile(tables.alternation(list(members))),
        roles={w: kind for kind, w in tables.pairs("roles")},
        structure=structure,
        structure_re=re.compile(tables.alternation(list(structure))),
        located=located,
        located_re=re.compile(tables.alternation(list(located))),
        purpose_re=re.compile(r"以(.{1,40}?)为(?:" + tables.alternation(tables.words("purpose_heads")) + ")"),
        words_re=re.compile(tables.alternation(words)),
        rare_re=re.compile(tables.alternation(rare)),
    )


def _narrowest_each(ms: list[Mention]) -> list[Mention]:
    """The mentions less those places followed at once by another place (对接连云港徐圩新区: the zone)."""
    return [
        m
        for i, m in enumerate(ms)
        if not (m.type == "Place" and any(n.start == m.end and n.type == "Place" for n in ms[i + 1 :]))
    ]


def _may_lie_in(head: Mention, place: Mention) -> bool:
    """Whether ``head`` may lie in ``place``: not a place of the same or a narrower level."""
    if head.type != "Place":
        return True
    lh, lp = tables.place_level(head.key), tables.place_level(place.key)
    if lh is not None and lp is not None:
        return lh > lp or (lh == lp and _gazetteer_within(head.key, place.key))
    return not narrower(place, head)


def _outermost(ms: list[Mention]) -> list[Mention]:
    """The mentions not lying inside another one of the list (X公司 inside X公司党支部 is no list item)."""
    return [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end for o in ms)]


@functools.cache
def _bare_heads() -> tuple[str, ...]:
    """Head nouns of programs and bodies (联盟, 专班, 协会), two characters or more, longest first."""
    heads = tables.other_words("program_heads") | tables.other_words("org_heads")
    return tuple(sorted((h for h in heads if len(h) >= 2), key=lambda h: (-len(h), h)))


def _head_of_run(ms: list[Mention]) -> Mention:
    """The last of the names written back to back from the first (太湖治理“X联盟”: the alliance)."""
    head = ms[0]
    for m in ms[1:]:
        if m.start != head.end:
            break
        head = m
    return head


@functools.cache
def _longest(name: str) -> int:
    """The length of the longest word of a relation lexicon."""
    return max((len(w) for w in tables.words(name)), default=0)


def norm_gap(norm: str, a: int, b: int) -> str:
    return norm[a:b] if b > a else ""


def narrower(child: Mention, parent: Mention) -> bool:
    """Whether ``child``'s name ending marks a lower level than ``parent``'s."""
    lc, lp = tables.place_level(child.key), tables.place_level(parent.key)
    if lc is not None and lp is not None and lc != lp:
        return lc > lp
    # Same ending (无锡市江阴市: a county-level city in a city) or none: the gazetteer decides.
    return _gazetteer_within(child.key, parent.key)


def _gazetteer_within(child: str, parent: str) -> bool:
    """Whether the gazetteer puts division ``child`` inside ``parent`` (False without one)."""
    from ..entities.context import gazetteer

    gaz = gazetteer()
    if gaz is None:
        return False
    try:
        p = gaz.resolve(parent, [])
        if p is None:
            return False
        c = gaz.resolve(child, [p.key])
        return c is not None and p.key in [d.key for d in gaz.chain(c.key)[1:]]
    except Exception:  # a gazetteer without this API must not stop extraction
        return False
