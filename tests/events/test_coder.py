"""The rule coder on sentences written for these tests, with a stand-in actor coder."""

from __future__ import annotations

import pytest

from tacitus.events import code_events

# sentence → (code, sources, targets, modality, reported_by) of the one event expected
CASES = [
    ("Russian troops attacked Ukrainian positions near the city on Tuesday.", ("190", ["RUS"], ["UKR"], "asserted", None)),
    ("Ukraine was attacked by Russian forces overnight.", ("190", ["RUS"], ["UKR"], "asserted", None)),
    ("Egypt and Turkey signed a trade agreement on Monday.", ("057", ["EGY"], ["TUR"], "asserted", None)),
    ("The rebels agreed to meet with government negotiators next week.", ("036", ["REB"], ["GOV"], "asserted", None)),
    ("Iran refused to release the detained sailors.", ("1243", ["IRN"], [None], "asserted", None)),
    ("China will impose sanctions on Japan.", ("163", ["CHN"], ["JPN"], "future", None)),
    ("Israeli officials said Hamas would attack Israel again.", ("190", ["PSEINS"], ["ISR"], "future", "GOV")),
    ("France urged Iran to release the detained journalists.", ("0253", ["FRA"], ["IRN"], "asserted", None)),
    ("Police arrested dozens of protesters in the capital.", ("173", ["COP"], ["CVL"], "asserted", None)),
    ("India did not attack Pakistan.", ("190", ["IND"], ["PAK"], "negated", None)),
    # an act said to happen only under a condition, or only as a possibility, is no event
    ("If Iraq attacks Syria, the region could collapse.", None),
    ("Perhaps Russia will oppose the plan.", None),
    ("China could impose sanctions on Japan over the dispute.", ("1312", ["CHN"], ["JPN"], "asserted", None)),
    ("Imran Khan, Pakistan's prime minister, met Trump in Washington.", ("040", ["PAKGOV"], ["USAGOV"], "asserted", None)),
    ("Taliban attacks on Afghan forces increased last month.", ("190", ["TAL"], ["AFGGOV"], "asserted", None)),
    # a mutual act of coordinated parties: the first named is the source, the others its counterparts
    ("The talks between Russia and Ukraine in Istanbul ended without a deal.", ("040", ["RUS"], ["UKR"], "asserted", None)),
    ("Iran and Iraq signed a border agreement.", ("057", ["IRN"], ["IRQ"], "asserted", None)),
    # a mediator acts on the parties it mediates between
    ("Turkey launched a mediation effort between Iraq and Syria.", ("045", ["TUR"], ["IRQ", "SYR"], "asserted", None)),
    ("Washington called for a cease-fire between Israel and Hamas.", ("0256", ["USA"], ["ISR", "PSEINS"], "asserted", None)),
    ("China threatened to impose sanctions on Japan.", ("1312", ["CHN"], ["JPN"], "asserted", None)),
    ("Turkey pledged to provide humanitarian aid to Syria.", ("0333", ["TUR"], ["SYR"], "asserted", None)),
    ("Iran denied responsibility for the attack.", ("016", ["IRN"], [], "asserted", None)),
    ("The UN condemned the Israeli air strikes.", ("111", ["IGOUNO"], ["ISRMIL"], "asserted", None)),
    ("Pompeo said he is hopeful about the talks.", ("013", ["USAGOV"], [], "asserted", None)),
    ("Iraq wants to buy weapons from Russia.", ("072", ["RUS"], ["IRQ"], "intended", None)),
    ("Egypt said the situation was calm.", ("010", ["EGY"], [], "asserted", None)),
    ("Russia will not lift sanctions on Ukraine.", ("1244", ["RUS"], ["UKR"], "asserted", None)),
    # curbs eased are restrictions eased; a newspaper suspended or shut is censored; an
    # actor called a word that condemns it is criticized
    ("Japan lifted travel curbs on Iraq.", ("0811", ["JPN"], ["IRQ"], "asserted", None)),
    # held in custody, without charge or until trial is detention; holding talks is not
    ("An Iraqi judge ordered the Turkish minister held until trial.", ("173", ["IRQ"], ["GOV"], "asserted", None)),
    ("Iraqi police held the Turkish activists without charge.", ("173", ["COP"], ["TUR"], "asserted", None)),
    # charged with a crime is legal action; a state charging another with a deed accuses it
    ("Iraqi police charged the Turkish activists with fraud.", ("173", ["COP"], ["TUR"], "asserted", None)),
    ("Iraq charged Turkey with violating the treaty.", ("112", ["IRQ"], ["TUR"], "asserted", None)),
    # who tells of an act, or watches it, is not its author
    ("The Iraqi minister watched the protests from his office.", None),
    ("Turkish police described the protests as peaceful.", None),
    # firing into a territory is force; shots into the air strike no one
    ("Iraqi troops fired into Syria overnight.", ("190", ["IRQ"], ["SYR"], "asserted", None)),
    ("Turkish police fired into the air.", None),
    # peacekeeping operations joined are peacekeeping
    ("Turkish troops participate in peacekeeping operations.", ("074", ["TUR"], [], "asserted", None)),
    # a past-tense conjunct the parser hung on a reported clause under a modal is the main clause's
    ("Iraq predicted that the economy would recover and praised Turkey.", ("051", ["IRQ"], ["TUR"], "asserted", None)),
    # a bare verb after the modal stays in the reported clause
    ("Iraq said Turkey would resign and leave.", ("0341", ["TUR"], [], "future", "IRQ")),
    ("The Egyptian government suspended two Turkish newspapers.", ("1721", ["GOV"], ["TUR"], "asserted", None)),
    ("The Iraqi minister called the Turkish envoy a stupid man.", ("111", ["GOV"], ["TUR"], "asserted", None)),
    ("Iran will release the detained sailors.", ("0353", ["IRN"], [None], "future", None)),
    # a purpose infinitive is the subject's act, unless another actor is named to do it
    ("The Iraqi government took steps to restore press freedoms.", ("0811", ["GOV"], [], "asserted", None)),
    ("Kurdish groups began collecting signatures against the new law.", ("140", ["KUR"], [], "asserted", None)),
    # people named by what they are: an uncoded target, never an event alone
    ("Ten people were killed in the city on Monday.", None),
    ("Two Iraqi policemen were murdered by protesters.", ("145", ["CVL"], ["IRQ"], "asserted", None)),
    # calling a strike is organizing one, not a telephone call
    ("Iraqi teachers called a general strike on Monday.", ("143", ["IRQ"], [], "asserted", None)),
    # the verb's object is the other party of the act its preposition names
    ("Syrian rebels engaged Turkish troops in a firefight.", ("193", ["REB"], ["TUR"], "asserted", None)),
    # asset freezes are sanctions; parliaments endorsing agreements ratify them
    ("The EU froze the assets of Russian officials.", ("163", ["IGOEEC"], ["GOV"], "asserted", None)),
    ("Ukrainian lawmakers endorsed an agreement with the EU.", ("057", ["UKR"], ["IGOEEC"], "asserted", None)),
    # a judge finding someone guilty (a small clause), a subject hung on the auxiliary
    ("An Iraqi judge found the Turkish minister guilty of fraud.", ("116", ["IRQ"], ["GOV"], "asserted", None)),
    # a bombing by a military weapon is military force; a weapon's make is no actor
    ("Russian warplanes bombed a hospital in Syria.", ("195", ["RUS"], [], "asserted", None)),
    ("The Turkish army base was blown up by a Hellfire missile fired by Kurdish militants.", ("194", ["INS"], ["MIL"], "asserted", None)),
    # approval of another's act; legal action by an unnamed court, when done
    ("Egypt said it was pleased with the decision of Iraq.", ("051", ["EGY"], ["IRQ"], "asserted", None)),
    ("Four Turkish journalists were convicted on Monday.", ("116", [], ["TUR"], "asserted", None)),
    ("Iraq said it hoped the Turkish officials would be indicted.", ("010", ["IRQ"], [], "asserted", None)),
    # a frame over a nominal act takes the act's own target ("cancelled a visit to X")
    ("The Iraqi minister cancelled a planned visit to Turkey.", ("125", ["GOV"], ["TUR"], "asserted", None)),
    ("Russia rejected the call of the UN.", ("120", ["RUS"], ["IGOUNO"], "asserted", None)),
    # a noun's "of" act is its object, not a second event; an "as" phrase hung on the object
    ("France announced a suspension of its aid to Iraq.", ("162", ["FRA"], ["IRQ"], "asserted", None)),
    ("Hamas militants held Israeli civilians as human shields.", ("184", ["INS"], ["ISRMIL"], "asserted", None)),
    # arrivals of peacekeepers: the words may be in the subject
    ("Turkish peacekeepers arrived in the capital on Monday.", ("074", ["TUR"], [], "asserted", None)),
    # a heavy weapon is an act only when used; armed force by demonstrators keeps its code
    ("Iraqi tanks were seen near the border on Monday.", None),
    ("The Syrian army fired artillery shells at Turkey.", ("194", ["MIL"], ["TUR"], "asserted", None)),
    ("Kurdish protesters fired rockets at the police.", ("194", ["CVL"], ["COP"], "asserted", None)),
    # chemical weapons held or dismantled are no attack; used, they are
    ("Iran dismantled its chemical weapons program.", ("0873", ["IRN"], [], "asserted", None)),
    ("The Syrian army used chemical weapons against Kurdish fighters.", ("2041", ["MIL"], ["KUR"], "asserted", None)),
    # more verbs of force and of criticism
    ("Iran retaliated against Israel on Saturday.", ("190", ["IRN"], ["ISR"], "asserted", None)),
    ("Pompeo belittled the Iraqi government.", ("111", ["USAGOV"], ["GOV"], "asserted", None)),
    # a proper name the entity tagger missed is an uncoded actor (not in a title-case headline)
    ("Harbor Council has ended mediation efforts with Brightwater.", ("165", [None], [], "asserted", None)),
    # travel is a visit only to a named place or actor; a participle in a subject slot is no clause
    ("Iraqi girls are going to school again.", None),
    # "made it clear" reports like "said"; a strike "in protest" is no trip
    ("The EU made it clear that it would not lift its sanctions on Iran.", ("1244", ["IGOEEC"], ["IRN"], "asserted", None)),
    ("Iraqi teachers have gone on hunger strike in protest.", ("142", ["IRQ"], [], "asserted", None)),
    # an air strike is aerial force; a name that modifies the modifier names the target
    ("The Turkish army launched an air strike against a Kurdish militant camp near the border.", ("195", ["MIL"], ["KUR"], "asserted", None)),
    # the lemmatizer's slips ("hopes" → "hop") do not hide a control verb
    ("Egypt hopes to sign a trade agreement with Turkey.", ("057", ["EGY"], ["TUR"], "intended", None)),
    # pulling out: of talks is halting them, of a treaty reducing relations, of a country retreating
    ("Iran pulled out of the talks on Monday.", ("164", ["IRN"], [], "asserted", None)),
    ("Russia pulled out of the treaty on Monday.", ("160", ["RUS"], [], "asserted", None)),
    ("Russian troops pulled out of Syria last year.", ("0874", ["RUS"], ["SYR"], "asserted", None)),
    # a plan, pledge or decision to act: its owner acts, and the noun says how real the act is
    ("Germany made a pledge to provide humanitarian aid to Syria.", ("0333", ["DEU"], ["SYR"], "asserted", None)),
    # a nominal act stands without its author only with a coded target
    ("The attacks on Israeli soldiers continued.", ("190", [], ["ISRMIL"], "asserted", None)),
    ("The bombing destroyed a house near the market.", None),
    # a weapon in a nominal act is the instrument, not the author
    ("Israel carried out a missile strike on Gaza.", ("195", ["ISR"], [None], "asserted", None)),
    # expelled from a country: that country expels
    ("Three Iraqi diplomats were expelled from Egypt on Monday.", ("166", ["EGY"], ["IRQ"], "asserted", None)),
    # "reaffirmed that X must ..." reports like "said"
    ("The UN reaffirmed that Russia must withdraw its troops.", ("106", ["IGOUNO"], ["RUS"], "asserted", None)),
    # yielding: giving in, concessions, bowing to pressure
    ("Egypt made concessions to Israel.", ("080", ["EGY"], ["ISR"], "asserted", None)),
    ("Turkey bowed to pressure from Russia.", ("080", ["TUR"], ["RUS"], "asserted", None)),
    ("Russia gave in to the demands of Ukraine.", ("080", ["RUS"], ["UKR"], "asserted", None)),
    ("Iran complied with the demands of the UN.", ("080", ["IRN"], ["IGOUNO"], "asserted", None)),
    ("Iran cut off its relationship with Egypt.", ("160", ["IRN"], ["EGY"], "asserted", None)),
    ("China is deploying missile batteries to the border.", ("154", ["CHN"], [], "asserted", None)),
    # aid in the future keeps its act code; pledged aid is intent
    ("Germany will send food aid to Syria.", ("073", ["DEU"], ["SYR"], "future", None)),
    ("Turkey says it will launch a military operation against Kurdish fighters in Syria.", ("1384", ["TUR"], ["KUR"], "asserted", None)),
    ("Iran said it would not attend the negotiations in Geneva.", ("125", ["IRN"], [], "asserted", None)),
    ("Egypt offered its condolences to France after the attack.", ("018", ["EGY"], ["FRA"], "asserted", None)),
    ("The UN called on Russia to halt the fighting in Ukraine.", ("0256", ["IGOUNO"], ["RUS"], "asserted", None)),
    # "call for X to do": an appeal to X (the act is what is asked for, not done); the words of
    # the act asked for are not the object of "call" ("halt its strikes" is no labour strike)
    ("Egypt called for Israel to withdraw its troops from Gaza.", ("0256", ["EGY"], ["ISR"], "asserted", None)),
    ("Iraq called for Iran to halt its air strikes on the border.", ("0252", ["IRQ"], ["IRN"], "asserted", None)),
    ("Russia called for Ukraine to hold talks.", ("026", ["RUS"], ["UKR"], "asserted", None)),
    # with no verb at the root, a finite verb hung on a noun of the root's modifiers is the main verb
    ("Egypt, echoing Jordan, called on Israel to halt the fighting.", ("0256", ["EGY"], ["ISR"], "asserted", None)),
    # "spoke highly of X": praise
    ("Russia spoke highly of Iran on Thursday.", ("051", ["RUS"], ["IRN"], "asserted", None)),
    # "X worries Y": Y is worried, X says nothing
    ("Russia's new policy worries Ukraine.", None),
    ("Iran worries about the sanctions.", ("012", ["IRN"], [], "asserted", None)),
    # naming an actor or its act with a word that condemns it is criticism
    ("Iran called Israel a terrorist state.", ("111", ["IRN"], ["ISR"], "asserted", None)),
    ("Russia branded the Ukrainian vote illegal.", ("111", ["RUS"], ["UKR"], "asserted", None)),
    ("Israeli troops remained on high alert along the border.", ("152", ["ISRMIL"], [], "asserted", None)),
    ("Egypt said Israel must withdraw its troops from Gaza.", ("106", ["EGY"], ["ISR"], "asserted", None)),
    ("Chinese troops were deployed to the border.", ("154", ["CHN"], [], "asserted", None)),
    # the recipient of aid: "provide X with", a "to" phrase inside the object, a purpose clause
    ("Germany provided Egypt with 50 million euros in loans.", ("071", ["DEU"], ["EGY"], "asserted", None)),
    ("Germany gave 5 million euros in funding to Iraq.", ("071", ["DEU"], ["IRQ"], "asserted", None)),
    ("Japan sent food aid to help Syria.", ("073", ["JPN"], ["SYR"], "asserted", None)),
    ("Turkey supplied the Syrian rebels with weapons.", ("072", ["TUR"], ["REB"], "asserted", None)),
    ("The rebels are responsible for the attacks on the army.", ("190", ["REB"], ["MIL"], "asserted", None)),
    ("The rebels were behind the attacks on the army.", ("190", ["REB"], ["MIL"], "asserted", None)),
    # an act laid on someone in reported speech is the speaker's accusation of them
    ("Iraq said the rebels were behind the bombing.", ("112", ["IRQ"], ["REB"], "asserted", None)),
    ("Turkey said the militants were responsible for the attack.", ("112", ["TUR"], ["INS"], "asserted", None)),
    # "went out of her way to ...": the one who goes acts
    ("The Iraqi minister went out of her way to thank the army.", ("051", ["GOV"], ["MIL"], "asserted", None)),
    # an apologetic actor apologizes; a warm appraisal of someone is praise
    ("The Iraqi minister was apologetic to Turkey.", ("055", ["GOV"], ["TUR"], "asserted", None)),
    ("Turkey gave a warm appraisal of the Iraqi army.", ("051", ["TUR"], ["MIL"], "asserted", None)),
    # seeking to do something is trying it, not asking for it
    ("Iran sought to attack the base.", ("190", ["IRN"], [], "intended", None)),
    # speaking on a topic is a statement; not on condition of anonymity or on the phone
    ("The Iraqi minister spoke about the crisis on Monday.", ("010", ["GOV"], [], "asserted", None)),
    # "pounced on": a verbal attack; ground won against an enemy is fighting
    ("Turkey pounced on the new Iraqi government plan.", ("111", ["TUR"], ["GOV"], "asserted", None)),
    ("The rebels made big advances against the army.", ("190", ["REB"], ["MIL"], "asserted", None)),
    ("The Syrian army advanced against the rebels.", ("190", ["MIL"], ["REB"], "asserted", None)),
    # a bomb set off is a bombing; only a nuclear one is a nuclear test
    ("Rebels detonated a car bomb in the capital.", ("183", ["REB"], [], "asserted", None)),
    ("Iran detonated a nuclear device.", ("2042", ["IRN"], [], "asserted", None)),
    # an attack on someone's life is an attempted assassination
    ("The Iraqi minister survived an attack on his life.", ("185", [], ["GOV"], "asserted", None)),
    # a state body reporting an arrest or an inquiry without its agent made it; not an attack
    ("Iraqi police said three rebels were arrested.", ("173", ["COP"], ["REB"], "asserted", None)),
    ("Police said the rebels were arrested by the army.", ("173", ["MIL"], ["REB"], "asserted", "COP")),
    # force of no stated kind takes the code of the weapon that used it
    ("Israeli drones hit a car in Gaza.", ("195", ["ISRMIL"], [], "asserted", None)),
    ("Syrian tanks pounded the rebels.", ("194", ["SYR"], ["REB"], "asserted", None)),
    # building up one's own forces is a mobilization (another's: military aid, see test_recode)
    ("Russia bolstered its forces in Syria.", ("154", ["RUS"], [], "asserted", None)),
    # "X and Y both V": a quantifier parsed as the subject gives way to the parties under it
    ("Iraq and the rebels both condemned the attack on Iran.", ("111", ["IRQ", "REB"], ["IRN"], "asserted", None)),
    # "no" before a nominal act denies it
    ("There were no attacks on the Iraqi army.", ("190", [], ["MIL"], "negated", None)),
    # a dare threatens; rising to someone's defense defends them; deportations pursued are done
    ("Russia dared Turkey to try it again.", ("130", ["RUS"], ["TUR"], "asserted", None)),
    ("The Iraqi minister leapt to the defence of Iran.", ("052", ["GOV"], ["IRN"], "asserted", None)),
    ("Iraq decided to pursue deportations of the rebels.", ("174", ["IRQ"], ["REB"], "asserted", None)),
    # raids and sorties flown are air strikes
    ("Syrian jets flew sorties against the rebels.", ("195", ["SYR"], ["REB"], "asserted", None)),
    # the one who orders someone freed or held does it
    ("Iraq ordered the rebels released.", ("0841", ["IRQ"], ["REB"], "asserted", None)),
    # a penalty foretold in reported speech is the speaker's threat against whoever would bear it
    ("Turkey said Iran would face serious consequences.", ("130", ["TUR"], ["IRN"], "asserted", None)),
    ("There will be consequences for Russia, the French minister warned.", ("130", ["GOV"], ["RUS"], "asserted", None)),
    ("Japan said any incursion by China would bring consequences.", ("130", ["JPN"], ["CHN"], "asserted", None)),
    ("Egypt said Israel would pay a heavy price for the raid.", ("130", ["EGY"], ["ISR"], "asserted", None)),
    # in the speaker's own words a third-person pronoun is someone else, the first person the speaker
    ('"They tried to attack us," the Egyptian minister said.', ("190", [], ["GOV"], "intended", "GOV")),
    ("China presented evidence against Japan.", ("112", ["CHN"], ["JPN"], "asserted", None)),
    ("Iraq indicted Russian officials.", ("115", ["IRQ"], ["GOV"], "asserted", None)),
    ("France launched legal action against Turkey.", ("115", ["FRA"], ["TUR"], "asserted", None)),
    ("The Israeli minister received the Turkish ambassador.", ("043", ["GOV"], ["TUR"], "asserted", None)),
    # a thing object does not act in the purpose clause: the subject of the governing verb does
    ("Police fired tear gas to disperse the protesters.", ("175", ["COP"], ["CVL"], "asserted", None)),
    ("Egypt sent experts to investigate the attack.", ("090", ["EGY"], [], "asserted", None)),
    # the purpose act repeats the meeting: one event
    ("Trump met Khan on Monday to discuss Afghanistan.", ("040", ["USAGOV"], ["PAKGOV"], "asserted", None)),
    # targets: never a day, through a participle on the object, "of" a blockade, "to" a captor,
    # "from" the place left (not a source)
    ("India on Tuesday lifted sanctions on China.", ("085", ["IND"], ["CHN"], "asserted", None)),
    ("The EU lifted sanctions imposed on Russia.", ("085", ["IGOEEC"], ["RUS"], "asserted", None)),
    ("Egypt lifted its blockade of Israel.", ("085", ["EGY"], ["ISR"], "asserted", None)),
    ("The rebels surrendered to the army.", ("0874", ["REB"], ["MIL"], "asserted", None)),
    ("Russia completed its withdrawal from Syria.", ("0874", ["RUS"], ["SYR"], "asserted", None)),
    ("Turkey ordered an inquiry against the Syrian army.", ("101", ["TUR"], ["MIL"], "asserted", None)),
    # the act an investigation looks into is not the investigator's
    ("The army launched an investigation into the attack.", ("090", ["MIL"], [], "asserted", None)),
    # people who protest are not themselves a protest event
    ("Iraqi protesters threw stones at the police.", ("145", ["CVL"], ["COP"], "asserted", None)),
    # stopping a protest restricts a freedom; breaking one up is repression
    ("Police prevented a protest by Kurdish students.", ("1721", ["COP"], ["KUR"], "asserted", None)),
    ("Police dispersed the protesters.", ("175", ["COP"], ["CVL"], "asserted", None)),
    # "strike": force when it has an object or is launched (by jets: from the air), a labour strike otherwise
    ("Israeli jets struck Hamas positions in Gaza.", ("195", ["ISRMIL"], ["PSEINS"], "asserted", None)),
    ("The Turkish army launched strikes against Kurdish militants.", ("190", ["MIL"], ["INS"], "asserted", None)),
    ("Iraqi teachers struck for higher pay.", ("143", ["IRQ"], [], "asserted", None)),
    ("Iraqi workers walked out over unpaid wages.", ("143", ["IRQ"], [], "asserted", None)),
    # an act without its author takes the author of a kindred act in the sentence
    ("Ten Iraqi soldiers were killed as Russian troops shelled the town.", ("190", ["RUS"], ["IRQ"], "asserted", None)),
    ("The Pakistani journalist was released after the Afghan president pardoned him.", ("0841", ["AFGGOV"], ["PAK"], "asserted", None)),
    # "decided on Thursday to": a day is not the one asked to act
    ("Russia decided on Thursday to lift sanctions on Iran.", ("085", ["RUS"], ["IRN"], "asserted", None)),
    # the expelled, the admitted and those whose restrictions are eased are the targets
    ("Russia expelled a Ukrainian diplomat.", ("166", ["RUS"], ["UKR"], "asserted", None)),
    ("Russia withdrew its ambassador from Ukraine.", ("161", ["RUS"], ["UKR"], "asserted", None)),
    ("Germany accepted Syrian refugees.", ("075", ["DEU"], ["SYR"], "asserted", None)),
    ("Egypt eased restrictions on Iraqi workers.", ("0811", ["EGY"], ["IRQ"], "asserted", None)),
    # where an act happened is not its target (places are actors only when they act)
    ("Taliban attacks in Afghanistan killed ten people.", ("190", ["TAL"], [None], "asserted", None)),
    # a statement or report "urging"/"accusing" speaks for whoever issued it
    ("The UN released a report accusing the Iraqi army of torture.", ("112", ["IGOUNO"], ["MIL"], "asserted", None)),
    ("Russia sent a letter urging the UN to lift sanctions on Iran.", ("0254", ["RUS"], ["IGOUNO"], "asserted", None)),
    # "call": a telephone call when it takes only a person, not "called X a Y", "called on", "called off"
    ("The Iraqi minister called his Turkish counterpart on Tuesday to discuss the crisis.", ("041", ["GOV"], ["TUR"], "asserted", None)),
    ("Pompeo called Khan after the strike.", ("041", ["USAGOV"], ["PAKGOV"], "asserted", None)),
    ("Egypt called a meeting with Iraq.", ("026", ["EGY"], ["IRQ"], "asserted", None)),
    ("Russia called off its offensive against Ukraine.", ("087", ["RUS"], ["UKR"], "asserted", None)),
    # a subject pronoun refers back to the sentence's earlier subject
    ("Pompeo arrived in Kabul on Friday, where he met Afghan officials.", ("040", ["USAGOV"], ["GOV"], "asserted", None)),
    # meals: hosting one for a visitor, having one with someone
    ("The Iraqi minister will host a dinner for Khan on Friday.", ("043", ["GOV"], ["PAKGOV"], "future", None)),
    ("Pompeo had lunch with Turkish officials in Ankara.", ("040", ["USAGOV"], ["GOV"], "asserted", None)),
    # peacekeepers deployed: their own side acts
    ("Turkish peacekeepers were deployed to Syria.", ("074", ["TUR"], ["SYR"], "asserted", None)),
    ("Egypt expressed surprise at the decision.", ("010", ["EGY"], [], "asserted", None)),
    # violence by demonstrators is a riot, violence on them by security forces is repression
    ("Angry demonstrators burned a police station.", ("145", ["CVL"], ["COP"], "asserted", None)),
    ("The Indian army opened fire on protesters in the city.", ("175", ["MIL"], ["CVL"], "asserted", None)),
    ("Egyptian police clashed with demonstrators in Cairo.", ("175", ["COP"], ["CVL"], "asserted", None)),
    # an alleged use of force is an accusation, also when no actor makes it
    ("Iraq alleged that the Turkish army bombed a village.", ("112", ["IRQ"], ["MIL"], "asserted", None)),
    ("A leaked report alleged that the Iranian army attacked the tanker.", ("112", [], ["MIL"], "asserted", None)),
    # the parties "between" act when the noun's modifiers name none ("a two-hour meeting")
    ("The effort failed after a two-hour meeting between Germany and France.", ("040", ["DEU"], ["FRA"], "asserted", None)),
    # verbs of more of the same act are light verbs: the noun is the act
    ("In response, the government increased aid to Iraq.", ("070", ["GOV"], ["IRQ"], "asserted", None)),
    ("The EU tightened sanctions on Iran.", ("163", ["IGOEEC"], ["IRN"], "asserted", None)),
    ("Prices increased sharply in March.", None),
    # word sense: idioms of force, pleading in court, closing a gap, speaking to no partner
    ("The Iraqi economy hit bottom this year.", None),
    ("Iraq hit a Turkish convoy near the border.", ("190", ["IRQ"], ["TUR"], "asserted", None)),
    ("An Egyptian citizen pleaded not guilty to charges of fraud.", None),
    ("Egypt has not closed the gap with Israel on water rights.", None),
    ("Iraqi officials were beating their chests after the vote.", None),
    ("The Iraqi economy will pull out of its slump next year.", None),
    ("Iraqi troops withdrew from Iran.", ("0874", ["IRQ"], ["IRN"], "asserted", None)),
    # travel is a visit only for those who act for a state or an organisation
    ("Thousands of Iraqi protesters travelled to Turkey.", None),
    ("The Iraqi minister travelled to Turkey on Monday.", ("042", ["GOV"], ["TUR"], "asserted", None)),
    ("The Iraqi senator beat the incumbent in the primary.", None),
    ("Iraqi soldiers beat two Turkish journalists.", ("182", ["IRQ"], ["TUR"], "asserted", None)),
    ("The Iraqi minister spoke to reporters on Monday.", None),
    ("The Iraqi minister spoke with his Turkish counterpart on Monday.", ("040", ["GOV"], ["TUR"], "asserted", None)),
    # criticism: "hit out at", "drew criticism from" (the critic acts), more verbs of rebuke
    ("Iran hit out at Israel on Monday.", ("111", ["IRN"], ["ISR"], "asserted", None)),
    ("The Iraqi plan drew sharp criticism from Germany.", ("111", ["DEU"], ["IRQ"], "asserted", None)),
    ("Russia chided Turkey for its conduct.", ("111", ["RUS"], ["TUR"], "asserted", None)),
    # the subject of "survived", "suffered" undergoes the act: the target, never the source
    ("The Iraqi minister survived an attack by Hamas militants.", ("180", ["INS"], ["GOV"], "asserted", None)),
    # what was said judges an actor harshly: criticism of it; kind words or a judgement of no
    # actor stay a statement
    ('"Russia is behaving like a bully and a liar," the minister said.', ("111", ["GOV"], ["RUS"], "asserted", None)),
    ("The minister said Germany had been a wonderful and generous partner.", ("010", ["GOV"], [], "asserted", None)),
    ("The minister said Egypt was not helpful at all in the crisis.", ("111", ["GOV"], ["EGY"], "asserted", None)),
    ("The minister said the weather was terrible.", ("010", ["GOV"], [], "asserted", None)),
    ("The minister said Egypt would hold elections in May.", ("010", ["GOV"], [], "asserted", None)),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_one_event(nlp, actor_of, sentence, expected):
    events = code_events(nlp(sentence), actor_of, "t")
    got = [
        (e.code, [a.code for a in e.source], [a.code for a in e.target], e.modality, e.reported_by and e.reported_by.code)
        for e in events
    ]
    assert got == ([expected] if expected else [])


def test_hypothetical_acts_are_kept_when_the_settings_say_so(nlp, actor_of):
    from dataclasses import replace

    from tacitus.settings import DEFAULTS, use_settings

    keep = replace(DEFAULTS, events=replace(DEFAULTS.events, keep_hypothetical=True))
    with use_settings(keep):
        events = code_events(nlp("If Iraq attacks Syria, the region could collapse."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target], e.modality) for e in events] == [
        ("190", ["IRQ"], ["SYR"], "hypothetical")]


def test_relative_clause_subject_and_passive_agent(nlp, actor_of):
    events = code_events(nlp("The rebels who attacked the army base were arrested by police."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        ("190", ["REB"], ["MIL"]),
        ("173", ["COP"], ["REB"]),
    ]


@pytest.mark.parametrize(
    "sentence",
    ["The weather in Cairo was hot on Monday.", "Prices rose sharply in March.", "The talks were described as useful.",
     "Iraqi officials spoke on condition they not be named.", "Profits made gains against expectations.",
     "Russia pressed home its advantage.", "Iraqi protesters pushed through the crowd.", "Iraq sought to extend its rule.",
     # a state, a cause, a thing given away: no act
     "The war drives people to flee.",
     # a question, and what it asks
     "Iraqi reporters asked whether Iran had attacked Turkey.",
     "A wagon was pulled through, with free sandwiches for everyone."],
)
def test_no_event_without_actor_and_act(nlp, actor_of, sentence):
    assert code_events(nlp(sentence), actor_of, "t") == []


def test_an_attack_a_state_body_reports_is_not_its_own(nlp, actor_of):
    events = code_events(nlp("Iraqi police said the army base was attacked."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source]) for e in events] == [("190", [])]


def test_a_penalty_nobody_would_bear_is_no_threat(nlp, actor_of):
    events = code_events(nlp("Iraq said inflation would bring consequences."), actor_of, "t")
    assert [(e.code, e.rule) for e in events] == [("010", "V010.say")]


def test_event_fields_evidence_and_ids(nlp, actor_of):
    text = "The weather was mild. Russian troops attacked Ukrainian positions on Tuesday."
    doc = nlp(text)
    (ev,) = code_events(doc, actor_of, "art")
    assert ev.id == "art-1"
    assert (ev.sentence, ev.text) == (1, "Russian troops attacked Ukrainian positions on Tuesday.")
    assert text[ev.start : ev.end] == ev.text
    assert text[ev.trigger_start : ev.trigger_end] == "attacked"
    assert (ev.root_code, ev.name, ev.quad_class, ev.goldstein) == ("19", "Use conventional military force, not specified below", 4, -10.0)
    assert (ev.plover.event, ev.rule) == ("ASSAULT", "V190.attack")
    assert 0.0 <= ev.confidence <= 1.0
    assert (ev.date, ev.place) == (None, None)


def test_statement_only_when_nothing_else_is_coded(nlp, actor_of):
    events = code_events(nlp("Egypt said Israel attacked Syria."), actor_of, "t")
    assert [(e.code, e.reported_by and e.reported_by.code) for e in events] == [("190", "EGY")]


def test_user_patterns_are_tried_first(nlp, actor_of, tmp_path):
    from tacitus.events import load_patterns

    f = tmp_path / "mine.tsv"
    f.write_text("my.hack\t190\tV\thack\t-\t-\tdobj\t-\tcyber attack as force\n", encoding="utf-8")
    events = code_events(nlp("Russia hacked Ukraine."), actor_of, "t", load_patterns([f]))
    assert [(e.code, e.rule) for e in events] == [("190", "my.hack")]


@pytest.mark.parametrize("text", ["", "   ", ".", "Russia", "Attack attack attack!!!", "\n\n\nIsrael attacked Hamas.\n\n"])
def test_odd_input_is_safe_and_evidence_is_trimmed(nlp, actor_of, text):
    for ev in code_events(nlp(text), actor_of, "t"):
        assert text[ev.start : ev.end] == ev.text == ev.text.strip()
        assert text[ev.trigger_start : ev.trigger_end] in ev.text


def test_named_entities_the_dictionaries_miss_are_uncoded_actors(nlp, actor_of):
    (ev,) = code_events(nlp("Microsoft sued Google in a federal court on Monday."), actor_of, "t")
    assert ev.code == "115"
    assert [(a.name, a.code, a.rule) for a in ev.source] == [("Microsoft", None, "events:uncoded-entity")]
    assert [(a.name, a.code) for a in ev.target] == [("Google", None)]


def test_an_untagged_acronym_is_an_uncoded_organisation(nlp, actor_of):
    (ev,) = code_events(nlp("ICE returned eleven stolen paintings to Italy."), actor_of, "t")
    assert (ev.code, [(a.name, a.code) for a in ev.source]) == ("0842", [("ICE", None)])


def test_calling_for_sanctions_against_x_is_a_demand(nlp, actor_of):
    (ev,) = code_events(nlp("France called for sanctions against Iran."), actor_of, "t")
    assert (ev.code, [a.code for a in ev.source], [a.code for a in ev.target]) == ("100", ["FRA"], ["IRN"])


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("France urged Iran to attack Israel.", [("020", ["FRA"], ["IRN"], "asserted"), ("190", ["IRN"], ["ISR"], "requested")]),
        ("The rebels vowed to attack the capital.", [("1384", ["REB"], [], "asserted")]),
    ],
)
def test_requested_acts_and_promised_force(nlp, actor_of, sentence, expected):
    events = code_events(nlp(sentence), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target], e.modality) for e in events] == expected


def test_wanting_someone_to_act_is_an_appeal_beside_the_requested_act(nlp, actor_of):
    events = code_events(nlp("Iraq wants Iran to attack Syria."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target], e.modality) for e in events] == [
        ("020", ["IRQ"], ["IRN"], "asserted"),
        ("190", ["IRN"], ["SYR"], "requested"),
    ]


def test_a_verb_coordinated_with_a_passive_has_the_passive_subject(nlp, actor_of):
    events = code_events(nlp("The Iraqi minister was arrested by police and resigned."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        ("173", ["COP"], ["GOV"]),
        ("0831", ["GOV"], []),
    ]


@pytest.mark.parametrize(
    "sentence",
    ["Trump called Khan a liar.", "The Taliban called the Afghan government a puppet.", "The minister called the decision unacceptable."],
)
def test_name_calling_is_no_telephone_call(nlp, actor_of, sentence):
    assert [e.code for e in code_events(nlp(sentence), actor_of, "t") if e.code == "041"] == []


def test_an_object_pronoun_refers_to_the_earlier_object(nlp, actor_of):
    events = code_events(nlp("Iraq arrested two Iranian officials and later released them."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        ("173", ["IRQ"], ["GOV"]),
        ("0841", ["IRQ"], ["GOV"]),
    ]


def test_a_call_misparsed_as_a_participle_keeps_its_caller(nlp, actor_of):
    sentence = "Trump called Khan on Wednesday and urged him to release the detained journalists."
    events = code_events(nlp(sentence), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        ("041", ["USAGOV"], ["PAKGOV"]),
        ("0253", ["USAGOV"], ["PAKGOV"]),
    ]


def test_second_subject_of_saying_verb_is_its_own_clause(nlp):
    """"Palestinian youths resorted to ..., officials said" parsed with "youths" as a second
    subject of "said" and "resorted" hung on it: the participle is the youths' main verb."""
    from spacy.tokens import Doc

    from tacitus.events import syntax as sx

    words = ["Palestinian", "youths", "resorted", "to", "throwing", "stones", ",", "officials", "said", "."]
    heads = [1, 8, 1, 2, 3, 4, 8, 8, 8, 8]
    deps = ["amod", "nsubj", "acl", "prep", "pcomp", "dobj", "punct", "nsubj", "ROOT", "punct"]
    tags = ["JJ", "NNS", "VBN", "IN", "VBG", "NNS", ",", "NNS", "VBD", "."]
    pos = ["ADJ", "NOUN", "VERB", "ADP", "VERB", "NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    assert sx.misparsed_main_verb(doc[2])
    assert not sx.is_passive(doc[2])
    assert [t.text for t in sx.subjects(doc[4])[0]] == ["youths"]


def test_subject_hung_on_the_auxiliary(nlp):
    from spacy.tokens import Doc

    from tacitus.events import syntax as sx

    words = ["Britain", "and", "France", "however", "have", "opposed", "resolutions", "."]
    heads = [4, 0, 0, 4, 5, 5, 5, 5]
    deps = ["nsubj", "cc", "conj", "advmod", "aux", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "CCONJ", "PROPN", "ADV", "AUX", "VERB", "NOUN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert [t.text for t in sx.subjects(doc[5])[0]] == ["Britain"]


def test_acronym_opening_the_clause_is_its_subject(nlp):
    from spacy.tokens import Doc

    from tacitus.events import syntax as sx

    words = ["USAID", "had", "announced", "a", "suspension", "."]
    heads = [2, 2, 2, 4, 2, 2]
    deps = ["advmod", "aux", "ROOT", "det", "dobj", "punct"]
    pos = ["ADV", "AUX", "VERB", "DET", "NOUN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True, False, False, False, False, False])
    assert [t.text for t in sx.subjects(doc[2])[0]] == ["USAID"]


def test_a_name_parsed_as_its_first_word_heads_by_its_last(nlp):
    """"Angela Merkel and Emmanuel Macron will meet" with "Angela" as the subject, "Merkel" under it."""
    from spacy.tokens import Doc

    from tacitus.events import syntax as sx

    words = ["Angela", "Merkel", "and", "Emmanuel", "Macron", "will", "meet"]
    heads = [6, 0, 1, 4, 1, 6, 6]
    deps = ["nsubj", "pobj", "cc", "compound", "conj", "aux", "ROOT"]
    pos = ["ADP", "PROPN", "CCONJ", "PROPN", "PROPN", "AUX", "VERB"]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    subj = sx.subjects(doc[6])[0]
    assert [t.text for t in sx.with_conjuncts(subj)] == ["Merkel", "Macron"]


def test_alleged_act_is_an_accusation_never_a_done_act(nlp, actor_of):
    """The content of an allegation is reported: an accusation by its maker, never an act done."""
    events = code_events(nlp("Russia denied accusations by Ukraine that the Russian army shelled the city."), actor_of, "t")
    assert [(e.code, [a.code for a in e.source], [a.code for a in e.target]) for e in events] == [
        ("016", ["RUS"], ["UKR"]),
        ("112", ["UKR"], ["MIL"]),
    ]
    events = code_events(nlp("Iraq rejected an allegation that the town was shelled."), actor_of, "t")
    assert [e.code for e in events] == ["016"]


def test_the_owner_of_a_plan_acts_and_the_act_is_planned(nlp, actor_of):
    events = code_events(nlp("Egypt welcomed Turkey's plan to expel the Iraqi ambassador."), actor_of, "t")
    got = [(e.code, [a.code for a in e.source], [a.code for a in e.target], e.modality) for e in events]
    assert ("166", ["TUR"], ["IRQ"], "intended") in got


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the one blamed or praised for an act is the act's subject, as object or behind the
        # verb's own preposition
        ("The UN condemned Israel for bombing the school.", ("183", ["ISR"])),
        ("Russia lashed out at Turkey for having attacked the army.", ("190", ["TUR"])),
        # a gerund of means is the subject's own act
        ("China went ahead with its plans by sending aid to Iraq.", ("070", ["CHN"])),
    ],
)
def test_the_one_judged_for_an_act_did_it(nlp, actor_of, sentence, expected):
    events = code_events(nlp(sentence), actor_of, "t")
    assert expected in [(e.code, [a.code for a in e.source]) for e in events]


def test_what_a_question_asks_is_no_event(nlp, actor_of):
    events = code_events(nlp("Asked whether he thought Iran would attack Israel, the Egyptian minister said no."),
                         actor_of, "t")
    assert [e.code for e in events] == ["010"]
