"""Word lists the geoparser uses to tell place names from everything else.

Written for this project. GeoNames alternate names include everyday words
("the", "may", "police"), given names and institution names; these lists say
which capitalised words need context before they count as places.
"""

from __future__ import annotations

from ..gazetteer.core import DIVISION_WORDS

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
    "ORGANISATIONS",
    "PERSON_NAMES",
    "POLITICAL_HEADS",
    "MILITANT_HEADS",
    "LOCAL_HEADS",
    "PLACE_PREFIXES",
    "INSTITUTION_SEATS",
    "STREET_WORDS",
    "WATER_WORDS",
    "WATER_CODES",
    "THOROUGHFARES",
    "VENUES",
]

# Everyday English words that are also place names somewhere (case folded).
COMMON_WORDS = frozenset(
    """
a about above across after again against ago ahead aid air all allied almost alone along already
also although always am among an and another any anyone anything are area areas around arrival as
ask at attack attacks august authorities away back bad bank banks base bay be beach bear because bed
been before began behind being below best better between beyond big bill black blue board body bold
border both bottom boy branch bridge bright brother brown but by call called came camp can capital
car care case cause center central centre chance change charge chief child children church city
clear close club coach coast cold college come commerce common community comfort congress corner
council country county court cove creek cross crossing crown cup cut daily dale day days dear death
december deep defence defense did do does dog done door down dry during each early east eastern echo
either else empire end energy english enterprise equality even evening ever every eye fair faith
fall falls family far farm farmer fast father february few field fields fine fire first fish five
flat floor focus for force forces forest fork fort forward four free freedom friday friend from
front garden gate general gift girl glen globe go gold good grace grand great green ground group
grove guard had half hall hand happy harbor harbour hard has have he head health heart heaven her
here hero hi high hill hills him his historic home hope horn hospital hot house how however hub
humble i if in inc independence industry inland is island isle it its january job joy july june just
justice key kill kind king kings lake land last late later law lead liberty life light like line
little live local lodge long love low lower made main major mall man manor many march mark market
may me mean media memorial mercy middle might mile military mill mine minister mission mobile monday
money moon more morning most mother mount mountain mr mrs ms much my name nation national nature
navy near need never new news next nice night nine no none noon normal north northern not nothing
november now number oak oasis ocean october of off office oil ok old on once one only open or order
other our out over own page palm paradise park parks party pass path peace people period pilot pine
place plain plains plan play plaza pleasant point police pond pool poor port post power premier
president press pride prime progress prospect public quarry queen quiet race ranch range reading
ready real record red rescue rest rich ridge right ring rise river road rock rocks room rose round
royal rule run rural safe safety said saint sale sanctuary saturday school sea second security see
senate september service seven several shall she shelter shore short should side silver since six
small smith so social some south southern spring springs square star start state states station
still stone storm story street strike strong success summer summit sun sunday sunny sunrise sunset
support sure table tai take team temple ten than thank that the their them then there these they
third this those three through thursday time to today together top tower town trade trail tree truth
tuesday two under union unity university up upper us valley very victory view village vista wall war
ward warren was water way we wednesday welcome well wells west western what when where which while
white who why will win wind winter with within without woman wood woods work world year yes
yesterday you young your
""".split()
)

# Words that, right before a capitalised name, make it a person.
TITLES = frozenset(
    """
mr mrs ms miss dr prof sir dame lord lady president presidents premier chancellor minister secretary
senator sen rep representative gov governor mayor gen general lt col colonel maj major capt captain
sgt sergeant adm admiral cmdr commander judge justice king queen prince princess sheikh sheik emir
imam rabbi father pope cardinal bishop pastor rev reverend saint st officer deputy sheriff detective
agent coach chairman chairwoman ceo spokesman spokeswoman spokesperson ambassador envoy commissioner
councilman councilwoman councillor officer trooper professor brother sister uncle aunt son daughter
wife husband mother dad mom
""".split()
)

# Given names that are also places; followed by a capitalised word they are a person.
GIVEN_NAMES = frozenset(
    """
jordan chad georgia israel india paris victoria florence austin eugene tyler jackson lincoln
washington houston madison beverly orlando marion warren clinton sydney regina charlotte chelsea
dallas denver phoenix savannah sierra brooklyn aurora vienna carolina virginia augusta montgomery
franklin hamilton jefferson lafayette troy salem kent milton clayton sherman preston chester winston
bristol nelson wellington raleigh stanley
""".split()
)

# Institution names that stand for a government or an organisation, not a location.
INSTITUTIONS = frozenset(
    {
        "kremlin",
        "pentagon",
        "white house",
        "whitehall",
        "downing street",
        "elysee",
        "elysee palace",
        "knesset",
        "capitol hill",
        "quai d orsay",
        "foggy bottom",
        "wall street",
        "fleet street",
        "scotland yard",
        "number 10",
        "state department",
        "bundestag",
        "duma",
        "state duma",
        "zhongnanhai",
        "blue house",
        "hollywood",
        "silicon valley",
        "langley",
        "westminster",
        "el nino",
        "la nina",
        "notre dame",
    }
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
process format agreement agreements accord accords protocol protocols framework formula declaration
convention consensus syndrome treaty memorandum communique doctrine model style platform initiative
plan
""".split()
)

# compass words -> bearing in degrees (None for "central")
DIRECTIONS = {
    "north": 0,
    "northern": 0,
    "south": 180,
    "southern": 180,
    "east": 90,
    "eastern": 90,
    "west": 270,
    "western": 270,
    "northeast": 45,
    "northeastern": 45,
    "north-east": 45,
    "north-eastern": 45,
    "northwest": 315,
    "northwestern": 315,
    "north-west": 315,
    "north-western": 315,
    "southeast": 135,
    "southeastern": 135,
    "south-east": 135,
    "south-eastern": 135,
    "southwest": 225,
    "southwestern": 225,
    "south-west": 225,
    "south-western": 225,
    "central": None,
    "centre": None,
    "center": None,
    "upper": 0,
    "lower": 180,
}

# the gazetteer's division words, and the plural and variant spellings met in running text
DIVISION_NOUNS = DIVISION_WORDS | frozenset({"borough", "emirate", "governate", "provinces", "regions"})
SETTLEMENT_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "capital",
        "port",
        "hamlet",
        "suburb",
        "neighbourhood",
        "neighborhood",
        "district",
        "enclave",
        "camp",
        "stronghold",
        "border town",
    }
)
NEAR_WORDS = (
    "outskirts",
    "suburbs",
    "edge",
    "vicinity",
    "environs",
    "periphery",
    "outside",
    "near",
    "around",
)
COUNTRYSIDE_WORDS = frozenset(
    {"countryside", "rural", "hinterland", "province", "area", "surroundings", "environs"}
)

# lower-case words allowed inside a multi-word place name
CONNECTORS = frozenset(
    """
of de del della di da do dos das du des la le les el al ar as ad az an at ash ath ez es er ed en et
and on upon the y bin ibn bani beni bou abu um umm sur sous am im an der den van von aan zum zur
""".split()
)

# capitalised words that may follow a name inside it ("Aleppo Governorate", "Gaza City")
FEATURE_SUFFIXES = frozenset(
    """
city town village county parish province governorate oblast region state district prefecture
department municipality borough township island islands lake river valley mountains mountain mount
hills heights strip bank coast peninsula desert bay gulf sea plain plateau camp base
""".split()
)

# Month and weekday abbreviations, holidays and other capitalised non-places.
COMMON_WORDS = COMMON_WORDS | frozenset(
    """
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun act section
superior olympic olympics metro chamber democrat democrats republican republicans god christmas
easter passover ramadan eid thanksgiving halloween arab arabs muslim muslims christian christians
jewish jew jews catholic catholics islamic sunni shia shiite protestant orthodox internet web google
facebook twitter mass yet course economy commissioner federal supreme marine rail iron band recovery
ranger wing get pack northwest northeast southwest southeast ave pct region bureau officer secretary
marshal reserve lot let give labor labour liberal federation academy continental titan rodeo meadow
cedar gulf st bahai honda al corporation agency shell
""".split()
)

# Organisations whose names collide with places; never places.
ORGANISATIONS = frozenset(
    {
        "hamas",
        "hezbollah",
        "hizbollah",
        "taliban",
        "isis",
        "isil",
        "daesh",
        "al shabaab",
        "boko haram",
        "houthis",
        "houthi",
        "wagner",
        "nato",
        "un",
        "hts",
        "al qaeda",
        "fatah",
        "pkk",
        "ypg",
        "sdf",
    }
)

# The most common given names and surnames in English-language news: a bare one is a person
# unless a place context ("in Jackson", "Lincoln, Neb.") says otherwise.
PERSON_NAMES = frozenset(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl terry sean
austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan alan
juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny mary patricia
jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine
christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie joyce
victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha
jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy
grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
charlotte rose alexis kayla kristina smith johnson williams brown jones garcia miller davis
rodriguez martinez hernandez lopez gonzalez wilson anderson taylor moore jackson martin lee perez
thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott
torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts
gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy
cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward
richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo
sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman
butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton
graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington
kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter
hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black
robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols
stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez
hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane
riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards willis
carpenter lawrence sandoval guerrero george chapman rios estrada ortega watkins greene nunez wheeler
valdez harper burke larson santiago maldonado morrison franklin carlson austin dominguez carr lawson
jacobs obrien lynch singh vega bishop montgomery oliver jensen harvey williamson gilbert dean sims
espinoza howell li wong reid hanson le mccoy garrett burton fuller wang weber welch rojas lucas
marquez fields park yang little banks padilla day walsh bowman schultz luna fowler mejia davidson
acosta brewer may holland juarez newman pearson curtis cortez douglas schneider joseph barrett
navarro figueroa keller avila wade molina stanley hopkins campos barnett bates chambers caldwell
beck lambert miranda byrd craig ayala lowe frazier powers neal leonard gregory carrillo sutton
fleming rhodes shelton schwartz norris jennings watts duran walters cohen mcdaniel moran parks
steele vaughn becker holt deleon barker terry hale leon hail benson haynes horton miles lyons pham
graves bush thornton wolfe warner cabrera mckinney mann zimmerman dawson lara fletcher page mccarthy
love robles cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon
velasquez hardy higgins aguirre lin cummings chandler sharp barber bowen ochoa dennis robbins liu
ramsey francis griffith paul blair oconnor cardenas pacheco cross calderon quinn moss swanson chan
rivas khan rodgers serrano fitzgerald rosales stevenson christensen manning gill curry mclaughlin
harmon mcgee gross doyle garner newton burgess reese walton blake trujillo adkins brady goodman
roman webster goodwin fischer huang potter delacruz montoya todd wu hines mullins castaneda malone
cannon tate mack sherman hubbard hodges zhang guerra wolf valencia saunders franco rowe gallagher
farmer hammond hampton townsend ingram wise gallegos clarke barton schroeder maxwell waters logan
camacho strickland norman person colon parsons frank harrington glover osborne buchanan casey floyd
patton ibarra ball tyler suarez bowers orozco salas cobb gibbs andrade bauer conner moody escobar
mcguire lloyd mueller hartman french kramer mcbride pope lindsey velazquez norton mccormick sparks
flynn yates hogan marsh macias villanueva zamora pratt stokes owen ballard lang brock villarreal
charles drake barrera cain patrick pineda burnett mercado santana shepherd bautista ali shaffer lamb
trevino mckenzie hess beil olsen cochran morton nash wilkins petersen briggs shah roth nicholson
holloway lozano rangel flowers hoover short arias mora valenzuela bryan meyers weiss underwood bass
greer summers houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox
melendez poole roberson larsen conley davenport copeland massey lam huff rocha cameron jefferson
hood monroe anthony pittman huynh randall singleton kirk combs mathis christian skinner bradford
richard galvan wall boone kirby wilkinson bridges bruce atkinson velez meza roy vincent york hodge
villa abbott allison tapia gates chase sosa sweeney farrell wyatt dalton horn barron phelps yu
dickerson heath foley atkins mathews bonilla acevedo benitez zavala hensley glenn cisneros harrell
shields rubio choi huffman boyer garrison arroyo bond kane hancock callahan dillon cline wiggins
grimes arellano melton oneill savage ho beltran pitts parrish ponce rich booth koch golden ware
brennan mcdowell marks cantu humphrey baxter sawyer clay tanner hutchinson kaur berg wiley gilmore
russo villegas hobbs keith wilkerson ahmed beard mcclain montes mata rosario vang walter henson
oneal mosley mcclure beasley stephenson snow huerta preston vance barry johns eaton blackwell dyer
prince macdonald solomon guevara stafford english hurst woodard cortes shannon kemp nolan mccullough
merritt murillo moon salgado strong kline cordova barajas roach rosas winters jacobson lester knox
bullock kerr leach meadows orr davila whitehead pruitt kent conway mckee barr david dejesus marin
berger mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall odonnell stein
browning stout lowery sloan mclean hendricks calhoun sexton chung gentry hull duarte ellison nielsen
gillespie buck middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston frost
glass morse knapp herman stark bravo noble spears weeks corona frederick buckley mcfarland hebert
enriquez hickman quintero randolph schaefer walls trejo house reilly pennington michael conrad giles
benjamin crosby fitzpatrick donovan mays mahoney valentine raymond medrano hahn mcmillan small
bentley felix peck lucero boyle hanna pace rush hurley harding mcconnell bernal nava ayers everett
ventura avery pugh mayer bender shepard mcmahon landry case sampson moses magana blackburn dunlap
gould duffy vaughan herring mckay espinosa rivers farley bernard ashley friedman potts truong costa
correa blevins nixon clements fry delarosa best benton lugo portillo dougherty crane haley phan
villalobos blanchard horne finley quintana lynn esquivel bean dodson mullen xiong hayden cano levy
huber richmond moyer lim frye sheppard mccarty avalos booker waller parra woodward jaramillo krueger
rasmussen brandt peralta donaldson stuart faulkner maynard galindo coffey estes sanford burch maddox
vo oconnell vu andersen spence mcpherson church schmitt stanton leal cherry obama jesus christ allah
buddha abbas tom ben sam rob bob jim tim dan dave mike joe nick alex max leo eli ian jon rod ted ed
kate sue ann liz meg jae chen mohammed muhammad mohamed ahmed ahmad hassan hussein omar khalid
ibrahim youssef yusuf mustafa abdullah mahmoud carlos luis jorge manuel miguel pedro andres pablo
diego javier alejandro fernando ricardo rafael sergio antonio francisco marco giovanni luca pierre
jacques francois michel hans klaus stefan sven lars olaf ivan sergei dmitry alexei igor oleg yuri
viktor andrei nikolai levi zara che adrian grayson emilie emily noma kofi kwame chinedu compton
dudley sierra pollard alfaro hester proctor lu hinton novak good madden mccann terrell jarvis
dickson reyna cantrell mayo branch hendrix rollins rowland whitney duke odom daugherty travis tang
archer
""".split()
)

# Words after a place name that make the whole a political or armed organisation: the place
# is then not where anything happens ("Kurdistan Workers' Party", "Syrian Democratic Forces").
POLITICAL_HEADS = frozenset(
    """
party parties front army forces force movement brigade brigades battalion battalions regiment
militia militias liberation revolutionary workers alliance league federation islamic democratic
national republic republican resistance mujahideen guard guards corps command
""".split()
)
# ... of which these make even a country name part of an armed group ("Iraq Army" stays a place).
MILITANT_HEADS = frozenset(
    {
        "brigade",
        "brigades",
        "battalion",
        "battalions",
        "militia",
        "militias",
        "front",
        "liberation",
        "resistance",
        "mujahideen",
        "workers",
    }
)
# Local institutions named after their town: the town is still where they are.
LOCAL_HEADS = frozenset(
    """
police sheriff fire department city council county school schools district high hospital college
university airport board mayor chamber library court courthouse post office times herald news
journal tribune gazette center centre church park zoo museum station township village borough public
community regional circuit jail volunteer volunteers coroner health detention international fair twp
middle medical monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
""".split()
)
# Capitalised words that may stand before a place name without making it something else.
PLACE_PREFIXES = frozenset(
    {
        "greater",
        "downtown",
        "metro",
        "metropolitan",
        "suburban",
        "old",
        "historic",
        "uptown",
        "midtown",
        "inner",
        "outer",
        "rural",
        "urban",
        "occupied",
        "annexed",
        "besieged",
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "southeast",
        "southwest",
        "northeast",
        "northwest",
        "lower",
        "upper",
        "new",
        "little",
        "great",
    }
)

# Where an institution named by metonymy sits (used when a caller asks to resolve such a span;
# the geoparser itself does not report institutions as places).
INSTITUTION_SEATS = {
    "kremlin": ("Moscow", "RU"),
    "white house": ("Washington", "US"),
    "west wing": ("Washington", "US"),
    "pentagon": ("Washington", "US"),
    "capitol hill": ("Washington", "US"),
    "state department": ("Washington", "US"),
    "foggy bottom": ("Washington", "US"),
    "wall street": ("New York City", "US"),
    "downing street": ("London", "GB"),
    "number 10": ("London", "GB"),
    "whitehall": ("London", "GB"),
    "westminster": ("London", "GB"),
    "fleet street": ("London", "GB"),
    "scotland yard": ("London", "GB"),
    "elysee": ("Paris", "FR"),
    "elysee palace": ("Paris", "FR"),
    "quai d orsay": ("Paris", "FR"),
    "knesset": ("Jerusalem", "IL"),
    "bundestag": ("Berlin", "DE"),
    "duma": ("Moscow", "RU"),
    "state duma": ("Moscow", "RU"),
    "zhongnanhai": ("Beijing", "CN"),
    "blue house": ("Seoul", "KR"),
    "hollywood": ("Los Angeles", "US"),
    "silicon valley": ("San Jose", "US"),
}

# Words of street and building names: never the place part of such a name.
STREET_WORDS = frozenset(
    """
street st road rd avenue ave boulevard blvd drive dr lane ln highway hwy parkway pkwy square bridge
park estate center centre tower towers field fields building hall plaza mall court way terrace place
row alley circle
""".split()
)

# Words that make a name a body of water ("Red Sea", "Gulf of Aden", "Jordan River"):
# a division or town named after the water is not what such a name means.
WATER_WORDS = frozenset(
    """
sea seas ocean gulf strait straits bay channel river lake canal creek lagoon estuary
""".split()
)

#: Feature codes of the gazetteer's water bodies.
WATER_CODES = frozenset({"SEA", "OCN", "GULF", "STRT", "BAY", "CHN", "STM", "LK", "CNL", "LGN"})

# The last word of a street's name ("Royal Street", "Main St.", "Elm Ave."): such a name is a place
# the gazetteer cannot hold, somewhere in the article's town.
THOROUGHFARES = frozenset(
    """
street st road rd avenue ave boulevard blvd drive lane ln highway hwy parkway pkwy
""".split()
)

# The last word of a building's or site's name ("Barclays Center", "Manila Cathedral", "Dulles Airport").
VENUES = frozenset(
    """
airport cathedral church mosque temple synagogue hospital stadium arena center centre library museum
station bridge square market hotel palace mall plaza courthouse park prison camp base
""".split()
)
