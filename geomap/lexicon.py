"""Small English word lists the geoparser's context rules use (written by us, not learned).

Kept in one place so a reader sees every word that can sway a decision.
"""

from __future__ import annotations

from gazetteer.normalize import ARTICLES

__all__ = [
    "ARABIC_NAME_HEADS",
    "ARTICLE_PATTERN",
    "CONNECTORS",
    "COUNTRY_ACRONYMS",
    "DASHES",
    "DEMONYMS",
    "DEMONYM_PLURALS",
    "DIVISION_WORDS",
    "LIST_GAPS",
    "MODIFIERS",
    "ORG_WORDS",
    "ORGANISATIONS",
    "OWNED_GAPS",
    "PARTY_LETTERS",
    "PERSON_VERBS",
    "PLACE_PREPOSITIONS",
    "POSSESSIVE_ENDINGS",
    "STOPWORDS",
    "TITLES",
    "TYPE_SUFFIXES",
    "US_STATE_ABBREVIATIONS",
    "PLACE_NOUNS",
    "SITE_WORDS",
    "STREET_WORDS",
    "US_STATE_NAMES",
    "WORD_ABBREVIATIONS",
]

# A legislator's party before the home it represents: "Rep. Jane Roe, D-Braxton", "DFL-Chisholm".
PARTY_LETTERS = frozenset({"D", "R", "I", "DFL"})

# Long dashes, with the C1 controls a Windows-1252 dash becomes when a page is decoded as Latin-1
# (datelines end with one: "CINCINNATI (AP) \x97").
DASHES = "—–\x96\x97"

# Nouns that announce a place name the gazetteer may lack: "the village of Shurifah", "Rangae district".
PLACE_NOUNS = frozenset(
    "village town city district province governorate region county commune municipality neighborhood "
    "neighbourhood suburb camp hamlet township parish prefecture subdistrict sub-district countryside "
    "settlement locality borough".split()
)

# Generic first words of place names: alone before another capitalised word they begin that name
# ("Fort Hood", "Lake Placid", "Mount Sinjar"), they do not name a place of their own. ("Ft." and
# "Mt." are never a name alone: extract never proposes them.)
NAME_HEADS = frozenset("fort mount lake port cape camp point glen isle".split())

# Arabic generic words that begin place names, as news transliterates them: mountain, hill, valley,
# village, ruin, monastery, house, spring, palace, bridge ("Jabal Thardeh", "Tal Hadid", "Wadi Barada",
# "Kafr Nabl"). Before another capitalised word they make it a place the gazetteer may lack. Heads that
# also begin people's names ("Khan", "Sheikh", "Ras") are left out.
ARABIC_NAME_HEADS = frozenset(
    "jabal jebel jabel jibal tal tel tell tall talat wadi kafr kfar khirbet khirbat deir dayr beit bayt ain "
    "ein qasr jisr".split()
)

# Arabic words after "al-" that name a part or a twin of the place before them: the town (its old
# centre), new, old, east, west, north, south, upper, lower, middle, big, small ("Daraa al-Balad",
# "Baghdad al-Jadida"). The place before is where such a name lies, though the gazetteer lacks it.
ARABIC_QUALIFIERS = frozenset(
    "balad jadida jadidah jadideh jedideh qadima qadimah qadim sharqi sharqiya sharqiyah gharbi gharbiya "
    "gharbiyah shamali shamaliya shamaliyah janubi janubiya janubiyah fawqani fawqa tahtani tahta wusta "
    "kabir kabira kabirah saghir saghira saghirah".split()
)

# Numbers news writes out in distances ("five kilometres east of"): geomap.unknown and geomap.relative.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}

# Capitalised last words that make a run a street or site ("Wichita Drive", "Main St.").
STREET_WORDS = frozenset(
    "Street St Avenue Ave Road Rd Drive Dr Boulevard Blvd Highway Hwy Lane Ln Way Pike Parkway Pkwy Trail "
    "Square Plaza Bridge Creek Park".split()
)

# Capitalised last words that make a run a named area or site the gazetteer may lack, as conflict and
# disaster reports name them ("Al-Manashiyah District", "Thardeh Mountains", "T-4 Military Airport").
SITE_WORDS = frozenset(
    "District Village Neighborhood Neighbourhood Quarter Camp Mountains Hill Hills Heights Airport Airbase "
    "Fields Farms Valley Crossing Island".split()
)

# Capitalised last words that make a run a named division ("Paloch County", "Utman Tehsil"), when a
# word before them is a name: "Home Rule Municipality" and "Civil Parish" are kinds of division.
DIVISION_WORDS = frozenset(
    "County Province Governorate Township Parish Prefecture Municipality Commune Subdistrict Tehsil".split()
)

# Abbreviations that end with a full stop and are never places ("Sgt.", "Dec.", "Pct.").
WORD_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "sgt gov rev rep sen lt col gen brig capt cpl pvt maj adm cmdr supt det insp pct dept univ assn corp inc "
    "ltd co bros ave blvd rd st hwy mt ft no vol fig jr sr".split()
)

# Lowercase words allowed inside a multi-word name ("Deir ez-Zor", "Stratford upon Avon"), the Persian
# izafe among them ("Mazar-i-Sharif", "Sar-e Pol").
CONNECTORS = frozenset(
    "of the de du des del della la le les el al ez az as ad ar ash an en on in upon under sur au aux am im bei "
    "y da do dos das di van von der den bin ibn et and e i".split()
)

# Words right after a name that say what kind of place it is; value = the gazetteer kind they hint at.
TYPE_SUFFIXES = {
    "county": "admin2",
    "parish": "admin2",
    "district": "admin2",
    "province": "admin1",
    "governorate": "admin1",
    "state": "admin1",
    "region": "admin1",
    "prefecture": "admin1",
    "oblast": "admin1",
    "river": "river",
    "lake": "lake",
    "sea": "sea",
    "city": "populated_place",
    "town": "populated_place",
    "village": "populated_place",
    "township": "populated_place",
    "valley": "region",
    "mountains": "mountain",
    "island": "island",
    "islands": "island",
}

# Capitalised words before a name that keep it a place ("Northern Iraq", "Downtown Atlanta").
MODIFIERS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest northeastern northwestern southeastern southwestern upper lower greater downtown metro "
    "rural suburban coastal occupied mainland inner outer new old metropolitan historic greater "
    "nearby neighboring neighbouring adjacent unincorporated".split()
)

# Prepositions that introduce places ("in Baghouz", "near the Euphrates").
PLACE_PREPOSITIONS = frozenset(
    "in at near from to outside across into toward towards around throughout via between inside "
    "within through along off en".split()
)

# Words before a name that make it a person ("spokesman Mustafa Bali", "Gen. Marion").
TITLES = frozenset(
    "mr mrs ms miss dr sir dame lord lady president vice prime minister premier chancellor gen general "
    "col colonel lt lieutenant maj major sgt sergeant capt captain cmdr commander adm admiral sen senator "
    "rep representative gov governor mayor king queen prince princess sheikh shaikh imam pope rev reverend "
    "father bishop judge justice officer deputy chief spokesman spokeswoman spokesperson official secretary "
    "ambassador coach professor prof detective trooper sheriff agent director chairman chairwoman "
    "actor actress singer player striker author writer reporter photographer analyst researcher "
    "emir caliph brother sister son daughter wife husband mother uncle aunt cousin".split()
)

# Words after a single-word name that make it a speaker, hence a person or an organisation.
PERSON_VERBS = frozenset(
    "said says told added explained stated noted wrote argued asked replied recalled insisted claimed "
    "announced tweeted warned reported quoted".split()
)

# Capitalised words after a place name that turn the whole into an organisation ("Kurdistan 24",
# "Los Angeles Times"); the place inside is then not a mention of its own.
# Groups and news agencies the news names every day whose names respell towns ("Hamas" is not Hamm,
# "Qaida" not Kedah, "Xinhua" not the Chinese towns of that name). Lower case.
ORGANISATIONS = frozenset(
    "hamas hezbollah hizbollah hizballah taliban qaeda qaida fatah xinhua reuters interfax shabaab "
    "nusra daesh isis isil houthi houthis peshmerga".split()
)

# Feasts and holidays: always capitalised, never places, though GeoNames lists some among towns'
# alternate names ("Passover").
HOLIDAYS = frozenset(
    "passover easter christmas thanksgiving ramadan hanukkah hanukah chanukah eid diwali lent advent "
    "halloween kwanzaa pentecost purim ashura nowruz".split()
)

# Diseases named after a place, that news names far more often than the place itself: "Ebola has
# killed 40", "tested for Zika". A type word or a place after a comma still makes the place ("the Ebola
# River"). Not "Marburg" or "Lyme", towns that news names too: see context.SpanContext.diseases.
DISEASE_NAMES = frozenset("ebola zika lassa nipah hendra".split())

ORG_WORDS = frozenset(
    "times post news herald tribune journal gazette daily telegraph guardian chronicle observer "
    "university college school academy institute police department council forces force army navy "
    "party company corp corporation inc ltd group club bank hospital church centre center house senate "
    "congress assembly parliament legislature cabinet board bureau administration "
    "observatory government ministry court airlines airways fc united sheriff office authority "
    "agency commission committee foundation association federation league union network tv radio "
    "channel press media broadcasting express standard star sun mirror review magazine records "
    "democratic liberation front movement brigade brigades battalion regiment division guard "
    "intelligence airport station stadium mosque cathedral hotel mall street avenue road "
    "organization organisation outlet arm wing newspaper website militia faction brand "
    "democrat democrats republican republicans".split()
)

# What a token ends with when it owns what follows ("Syria's Baghouz").
POSSESSIVE_ENDINGS = ("'s", "’s")
# What lies between an owner and the name it owns ("Mogadishu's Yaqshid").
OWNED_GAPS = frozenset(ending + " " for ending in POSSESSIVE_ENDINGS)
# The Arabic articles the normaliser knows, as one regular-expression group (longest first, as listed):
# written apart before a name ("al-Shafah"), they belong to it.
ARTICLE_PATTERN = "(?:" + "|".join(ARTICLES) + ")"

# What joins the names of a list ("Ohio, Oregon and Utah").
LIST_GAPS = frozenset({", ", " and ", ", and ", " or ", ", or "})

# Capitalised words that are not places where they start a sentence or stand alone.
STOPWORDS = frozenset(
    """
    the a an he she it they we you i this that these those there here but and or if when while as at in
    on for with by from to of his her its their our my your after before during since until about
    according also although because however meanwhile then thus so yet still now today yesterday
    tomorrow tonight last next first second third one two three four five six seven eight nine ten
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr president police officials authorities
    government state city county district region province people residents many some several most
    all both each every no not other another such what which who whom whose why how where
    god allah christmas easter ramadan eid islam islamic muslim muslims christian jewish
    north south east west northern southern eastern western central
    will would could should can may might must shall do does did has have had is are was were be
    been being said says say told added new old big small great good best top high low
    reuters ap afp cnn bbc associated press agence
    """.split()
)

# Upper-case abbreviations that name countries ("US troops", "the UAE").
COUNTRY_ACRONYMS = {"US": "US", "U.S": "US", "USA": "US", "UK": "GB", "UAE": "AE", "DRC": "CD", "PRC": "CN"}

# Demonym -> ISO country code; only used when the caller asks for demonyms (LGL tags them).
DEMONYMS = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Angolan": "AO",
    "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU", "Austrian": "AT",
    "Azerbaijani": "AZ", "Bahraini": "BH", "Bangladeshi": "BD", "Belarusian": "BY", "Belgian": "BE",
    "Bolivian": "BO", "Bosnian": "BA", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG",
    "Burmese": "MM", "Cambodian": "KH", "Cameroonian": "CM", "Canadian": "CA", "Chadian": "TD",
    "Chilean": "CL", "Chinese": "CN", "Colombian": "CO", "Congolese": "CD", "Croatian": "HR",
    "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK", "Dutch": "NL", "Ecuadorian": "EC",
    "Egyptian": "EG", "Emirati": "AE", "English": "GB", "Eritrean": "ER", "Estonian": "EE",
    "Ethiopian": "ET", "Filipino": "PH", "Finnish": "FI", "French": "FR", "Georgian": "GE",
    "German": "DE", "Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT", "Haitian": "HT",
    "Honduran": "HN", "Hungarian": "HU", "Icelandic": "IS", "Indian": "IN", "Indonesian": "ID",
    "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Ivorian": "CI",
    "Jamaican": "JM", "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ", "Kenyan": "KE",
    "Korean": "KR", "Kosovar": "XK", "Kuwaiti": "KW", "Kyrgyz": "KG", "Laotian": "LA", "Latvian": "LV",
    "Lebanese": "LB", "Liberian": "LR", "Libyan": "LY", "Lithuanian": "LT", "Malaysian": "MY",
    "Malian": "ML", "Maltese": "MT", "Mauritanian": "MR", "Mexican": "MX", "Moldovan": "MD",
    "Mongolian": "MN", "Moroccan": "MA", "Mozambican": "MZ", "Namibian": "NA", "Nepalese": "NP",
    "Nepali": "NP", "Nicaraguan": "NI", "Nigerian": "NG", "Nigerien": "NE", "Norwegian": "NO",
    "Omani": "OM", "Pakistani": "PK", "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY",
    "Peruvian": "PE", "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO",
    "Russian": "RU", "Rwandan": "RW", "Salvadoran": "SV", "Saudi": "SA", "Scottish": "GB",
    "Senegalese": "SN", "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI",
    "Somali": "SO", "Spanish": "ES", "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE",
    "Swiss": "CH", "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
    "Tunisian": "TN", "Turkish": "TR", "Ugandan": "UG", "Ukrainian": "UA", "Uruguayan": "UY",
    "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Welsh": "GB", "Yemeni": "YE",
    "Zambian": "ZM", "Zimbabwean": "ZW",
    "Sinhalese": "LK",  # a people of one country, unlike "Tamil" (Sri Lanka and India)
    # Adjectives of peoples and faiths: never places, and no one country to stand for.
    **{word: "" for word in (
        "Arab Arabs Kurd Kurds Kurdish Sunni Sunnis Shia Shi'a Shi’a Shias Shiite Shiites Alawite Alawites Druze "
        "Yazidi Yazidis Christian "
        "Christians Muslim Muslims Jewish Jews Catholic Protestant Orthodox European Europeans African Africans "
        "Asian Asians Western Westerners Latino Hispanic Bedouin Turkmen Assyrian Baloch Pashtun Tamil "
        "Hindu Buddhist"
    ).split()},
}
# Plural nouns of nationality ("Russians", "Iraqis", "Filipinos"): demonym mentions count them too.
DEMONYM_PLURALS = {word + "s": code for word, code in DEMONYMS.items() if word.endswith(("an", "ine", "i", "o"))}

# Adjectives and nouns of the people of a state, province or region, with the region's name and
# country: mentions of the region where demonyms are asked for ("Texans", "South Ossetian forces").
# Left out where the word is mostly something else ("Georgian", "New Yorker", "Oregonian").
_REGION_DEMONYMS = {
    "US": ("Alabamian=Alabama", "Alaskan=Alaska", "Arizonan=Arizona", "Californian=California",
           "Coloradan=Colorado", "Floridian=Florida", "Hawaiian=Hawaii", "Hoosier=Indiana", "Iowan=Iowa",
           "Kansan=Kansas", "Kentuckian=Kentucky", "Louisianan=Louisiana", "Marylander=Maryland",
           "Michigander=Michigan", "Minnesotan=Minnesota", "Mississippian=Mississippi", "Missourian=Missouri",
           "Montanan=Montana", "Nebraskan=Nebraska", "Nevadan=Nevada", "Ohioan=Ohio", "Oklahoman=Oklahoma",
           "Pennsylvanian=Pennsylvania", "Tennessean=Tennessee", "Texan=Texas", "Utahn=Utah",
           "Vermonter=Vermont", "Virginian=Virginia", "Wisconsinite=Wisconsin", "Wyomingite=Wyoming"),
    "CA": ("Albertan=Alberta", "Manitoban=Manitoba", "Ontarian=Ontario", "Quebecer=Quebec",
           "Saskatchewanian=Saskatchewan"),
    "GE": ("Abkhaz=Abkhazia", "Abkhazian=Abkhazia", "South Ossetian=South Ossetia"),
    "RU": ("Chechen=Chechnya", "Dagestani=Dagestan", "Ingush=Ingushetia", "Tatarstani=Tatarstan"),
    "ES": ("Catalan=Catalonia", "Andalusian=Andalusia"),
    "IT": ("Sicilian=Sicily", "Sardinian=Sardinia"),
    "DE": ("Bavarian=Bavaria",),
    "": ("Kashmiri=Kashmir",),
}


def _with_plurals(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, str]]:
    """word -> (region name, country code), plural nouns ("Texans", "Ohioans") included."""
    out: dict[str, tuple[str, str]] = {}
    for code, pairs in table.items():
        for pair in pairs:
            word, region = pair.split("=")
            out[word] = (region, code)
            if word.endswith(("an", "i", "er", "ite", "en")):
                out[word + "s"] = (region, code)
    return out


REGION_DEMONYMS = _with_plurals(_REGION_DEMONYMS)

# AP-style and postal abbreviations of US states, as they follow a town: "Gainesville, Ga.", "Austin, TX".
US_STATE_ABBREVIATIONS = {
    "Ala": "AL", "Alas": "AK", "Ariz": "AZ", "Ark": "AR", "Calif": "CA", "Colo": "CO", "Conn": "CT", "Del": "DE",
    "Fla": "FL", "Ga": "GA", "Ill": "IL", "Ind": "IN", "Kan": "KS", "Kans": "KS", "Ky": "KY", "La": "LA",
    "Md": "MD", "Mass": "MA", "Mich": "MI", "Minn": "MN", "Miss": "MS", "Mo": "MO", "Mont": "MT",
    "Neb": "NE", "Nebr": "NE", "Nev": "NV", "Okla": "OK", "Ore": "OR", "Oreg": "OR", "Pa": "PA", "Ida": "ID", "Ia": "IA", "Me": "ME",
    "Penn": "PA", "Tenn": "TN", "Tex": "TX", "Va": "VA", "Vt": "VT", "Wash": "WA", "Wis": "WI",
    "Wisc": "WI", "Wyo": "WY", "Ariz.": "AZ", "N.C": "NC", "S.C": "SC", "N.D": "ND", "S.D": "SD",
    "N.H": "NH", "N.J": "NJ", "N.M": "NM", "N.Y": "NY", "R.I": "RI", "W.Va": "WV", "D.C": "DC",
    "N.Dak": "ND", "S.Dak": "SD", "Wis.": "WI",
    **{code: code for code in (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
        "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
    ).split()},
}

US_STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
}
