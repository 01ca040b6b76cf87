"""Word lists the geoparser uses to tell place names from everything else.

Written for this project. GeoNames alternate names include everyday words
("the", "may", "police"), given names and institution names; these lists say
which capitalised words need context before they count as places.
"""

from __future__ import annotations

__all__ = [
    "COMMON_WORDS",
    "TITLES",
    "GIVEN_NAMES",
    "INSTITUTIONS",
    "ORG_HEADS",
    "THING_NOUNS",
    "DIRECTIONS",
    "DIVISION_NOUNS",
    "SETTLEMENT_NOUNS",
    "NEAR_WORDS",
    "COUNTRYSIDE_WORDS",
    "CONNECTORS",
    "FEATURE_SUFFIXES",
]

# Everyday English words that are also place names somewhere (case folded).
COMMON_WORDS = frozenset(
    """
a about above across after again against ago ahead aid air all allied almost alone along already also
although always am among an and another any anyone anything are area areas around arrival as ask at
attack attacks august authorities away back bad bank banks base bay be beach bear because bed been before
began behind being below best better between beyond big bill black blue board body bold border both bottom
boy branch bridge bright brother brown but by call called came camp can capital car care case cause
center central centre chance change charge chief child children church city clear close club coach coast cold college
come commerce common community comfort congress corner council country county court cove creek cross crossing crown cup cut
daily dale day days dear death december deep defence defense did do does dog done door down dry
during each early east eastern echo either else empire end energy english enterprise equality even evening ever every
eye fair faith fall falls family far farm farmer fast father february few field fields fine fire first
fish five flat floor focus for force forces forest fork fort forward four free freedom friday friend from
front garden gate general gift girl glen globe go gold good grace grand great green ground group grove
guard had half hall hand happy harbor harbour hard has have he head health heart heaven her here
hero hi high hill hills him his historic home hope horn hospital hot house how however hub humble
i if in inc independence industry inland is island isle it its january job joy july june just
justice key kill kind king kings lake land last late later law lead liberty life light like line
little live local lodge long love low lower made main major mall man manor many march mark market
may me mean media memorial mercy middle might mile military mill mine minister mission mobile monday money moon
more morning most mother mount mountain mr mrs ms much my name nation national nature navy near need
never new news next nice night nine no none noon normal north northern not nothing november now number
oak oasis ocean october of off office oil ok old on once one only open or order other
our out over own page palm paradise park parks party pass path peace people period pilot pine place
plain plains plan play plaza pleasant point police pond pool poor port post power premier president press pride
prime progress prospect public quarry queen quiet race ranch range reading ready real record red rescue rest rich
ridge right ring rise river road rock rocks room rose round royal rule run rural safe safety said
saint sale sanctuary saturday school sea second security see senate september service seven several shall she shelter shore
short should side silver since six small smith so social some south southern spring springs square star start
state states station still stone storm story street strike strong success summer summit sun sunday sunny sunrise sunset
support sure table tai take team temple ten than thank that the their them then there these they
third this those three through thursday time to today together top tower town trade trail tree truth tuesday
two under union unity university up upper us valley very victory view village vista wall war ward warren
was water way we wednesday welcome well wells west western what when where which while white who why
will win wind winter with within without woman wood woods work world year yes yesterday you young your
""".split()
)

# Words that, right before a capitalised name, make it a person.
TITLES = frozenset(
    """
mr mrs ms miss dr prof sir dame lord lady president presidents premier chancellor minister secretary senator sen
rep representative gov governor mayor gen general lt col colonel maj major capt captain sgt sergeant adm admiral
cmdr commander judge justice king queen prince princess sheikh sheik emir imam rabbi father pope cardinal bishop
pastor rev reverend saint st officer deputy sheriff detective agent coach chairman chairwoman ceo spokesman
spokeswoman spokesperson ambassador envoy commissioner councilman councilwoman councillor officer trooper
professor brother sister uncle aunt son daughter wife husband mother dad mom
""".split()
)

# Given names that are also places; followed by a capitalised word they are a person.
GIVEN_NAMES = frozenset(
    """
jordan chad georgia israel india paris victoria florence austin eugene tyler jackson lincoln washington houston
madison beverly orlando marion warren clinton sydney regina charlotte chelsea dallas denver phoenix savannah
sierra brooklyn aurora vienna carolina virginia augusta montgomery franklin hamilton jefferson lafayette
troy salem kent milton clayton sherman preston chester winston bristol nelson wellington raleigh stanley
""".split()
)

# Institution names that stand for a government or an organisation, not a location.
INSTITUTIONS = frozenset(
    {"kremlin", "pentagon", "white house", "whitehall", "downing street", "elysee", "elysee palace", "knesset",
     "capitol hill", "quai d orsay", "foggy bottom", "wall street", "fleet street", "scotland yard",
     "number 10", "state department", "bundestag", "duma", "state duma", "zhongnanhai", "blue house",
     "hollywood", "silicon valley", "langley", "westminster"}
)

# Capitalised words after a place name that make the whole run an organisation.
ORG_HEADS = frozenset(
    """
party parties army forces force front council committee ministry department university college school academy
times post news herald tribune journal gazette star daily press telegraph guardian observer chronicle
company corp corporation inc ltd bank group club fc united city fc airlines airways railways motors
brigade brigades battalion regiment division corps militia movement alliance union league federation
association institute foundation center centre hospital church mosque cathedral stadium arena airport
agency authority commission office bureau police guard guards navy airforce command government regime
republic kingdom empire dynasty workers people peoples liberation revolutionary islamic democratic national
federal high supreme court tribunal parliament assembly congress senate embassy consulate mission
times-picture declaration accord accords agreement agreements protocol process treaty convention summit
""".split()
)

# lowercase nouns after a place name that turn it into the name of a thing
THING_NOUNS = frozenset(
    """
process format agreement agreements accord accords protocol protocols framework formula declaration convention
consensus syndrome treaty memorandum communique doctrine model style platform initiative plan
""".split()
)

# compass words -> bearing in degrees (None for "central")
DIRECTIONS = {
    "north": 0, "northern": 0, "south": 180, "southern": 180, "east": 90, "eastern": 90, "west": 270,
    "western": 270, "northeast": 45, "northeastern": 45, "north-east": 45, "north-eastern": 45,
    "northwest": 315, "northwestern": 315, "north-west": 315, "north-western": 315, "southeast": 135,
    "southeastern": 135, "south-east": 135, "south-eastern": 135, "southwest": 225, "southwestern": 225,
    "south-west": 225, "south-western": 225, "central": None, "centre": None, "center": None,
    "upper": 0, "lower": 180,
}

DIVISION_NOUNS = frozenset(
    {"province", "governorate", "oblast", "region", "state", "county", "district", "prefecture", "department",
     "municipality", "parish", "canton", "wilaya", "krai", "raion", "rayon", "territory", "governate",
     "provinces", "regions", "emirate", "borough"}
)
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "capital", "port", "hamlet", "suburb", "neighbourhood",
                              "neighborhood", "district", "enclave", "camp", "stronghold", "border town"})
NEAR_WORDS = ("outskirts", "suburbs", "edge", "vicinity", "environs", "periphery", "outside", "near", "around")
COUNTRYSIDE_WORDS = frozenset({"countryside", "rural", "hinterland", "province", "area", "surroundings", "environs"})

# lower-case words allowed inside a multi-word place name
CONNECTORS = frozenset(
    """
of de del della di da do dos das du des la le les el al ar as ad az an at ash ath ez es er ed en et and on
upon the y bin ibn bani beni bou abu um umm sur sous am im an der den van von aan zum zur
""".split()
)

# capitalised words that may follow a name inside it ("Aleppo Governorate", "Gaza City")
FEATURE_SUFFIXES = frozenset(
    """
city town village county parish province governorate oblast region state district prefecture department
municipality borough township island islands lake river valley mountains mountain mount hills heights strip
bank coast peninsula desert bay gulf sea plain plateau camp base
""".split()
)
