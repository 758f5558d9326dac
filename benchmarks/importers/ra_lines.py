"""RA form line numbers and the labels MHCLG prints for them, for years whose files print no line numbers.

Most RA files carry a row of form line numbers above the header, and the importer reads codes from
it. Some years (the 2015-16 workbook) print labels only; their columns are identified here by the
label, never by position. The catalogue lists each line code with every label published for it in
the RA files that do print line numbers (2019-20 workbook, 2021-22 and 2023-24 CSV exports). Labels
are compared after normalising case, punctuation, dashes, footnote marks, "(total of lines …)"
notes and years; a reserves label that names no date takes the date of its section ("Financial
reserves levels at 1 April 2015"). A label matching no catalogue entry is reported, never guessed.
"""

from __future__ import annotations

import re

_TOTAL_NOTE = re.compile(r"\((?:total of )?lines? [^)]*\)|\(line \d+ minus \d+\)")
_FOOTNOTE = re.compile(r"\([a-z]\)|\*+")
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:-\d\d)?\b")
_DATE = re.compile(r"\b(1 april|31 march)\b")


def label_key(text: str) -> str:
    """A label reduced to the words that identify its line."""
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "").replace("'", "")
    t = _TOTAL_NOTE.sub(" ", t)
    t = _FOOTNOTE.sub(" ", t)
    t = _YEAR.sub(" ", t).replace("&", " and ")
    words = [w for w in re.split(r"[^a-z0-9+]+", t) if w and w != "at"]
    return " ".join(words)


def code_for_label(label: str, section: str = "", previous: int = 0) -> str | None:
    """The line code for a published label; None when the label is not a known RA line.

    A label used for two lines (e.g. "Provision for bad debts" in the general fund and in the
    HRA) is resolved by form order: the first candidate after the previous line of the sheet.
    """
    key = label_key(label)
    candidates = _BY_KEY.get(key)
    if not candidates and not _DATE.search(key):
        date = _DATE.search(label_key(section))
        candidates = _BY_KEY.get(f"{key} {date.group(1)}") if date else None
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    later = [c for c in candidates if _number(c) >= previous]
    return later[0] if later else None


def _number(code: str) -> int:
    return int(re.match(r"\d+", code).group())


# Generated from the RA files that print line numbers (see the module docstring); codes as the
# importer stores them ("1011c2" = line 1011, form column 2).
LINES: dict[str, tuple[str, ...]] = {
    "110": ("Early years",),
    "120": ("Primary schools",),
    "130": ("Secondary schools",),
    "140": ("Special schools and alternative provision",),
    "145": ("Post-16 provision",),
    "165": ("Other education and community budget",),
    "190": ("TOTAL EDUCATION SERVICES",),
    "210": ("Transport planning, policy and strategy",),
    "230": ("Structural maintenance",),
    "247": ("Environmental, safety and routine maintenance",),
    "248": ("Winter service",),
    "249": ("Street lighting (including energy costs)",),
    "251": ("Traffic management and road safety: congestion charging",),
    "252": ("Traffic management and road safety: traffic management – bus lane enforcement",),
    "254": (
        "Traffic management and road safety: road safety education and safe routes (including school crossing patrols)",
    ),
    "258": ("Traffic management and road safety: other",),
    "260": ("Parking services",),
    "271": ("Public transport: statutory concessionary fares",),
    "272": ("Public transport: discretionary concessionary fares",),
    "275": ("Public transport: support to operators",),
    "276": ("Public transport: co-ordination",),
    "280": ("Airports, harbours and toll facilities",),
    "290": ("TOTAL HIGHWAYS AND TRANSPORT SERVICES",),
    "310": ("Children's social care: Sure start children's centres/flying start and early years",),
    "313": ("Children's social care: Children looked after",),
    "315": ("Children's social care: Other children and family services",),
    "322": ("Children's social care: Family support services",),
    "323": ("Children's social care: Youth justice",),
    "325": ("Children's social care: Safeguarding children and young people’s services",),
    "326": ("Children's social care: Asylum seekers",),
    "327": ("Children's social care: Services for young people",),
    "330": ("TOTAL CHILDREN'S SOCIAL CARE",),
    "332": ("Physical support - adults (18–64)",),
    "333": ("Physical support - older people (65+)",),
    "334": ("Sensory support - adults (18–64)",),
    "335": ("Sensory support - older people (65+)",),
    "336": ("Support with memory and cognition - adults (18–64)",),
    "337": ("Support with memory and cognition - older people (65+)",),
    "340": ("Learning disability support - adults (18–64)",),
    "341": ("Learning disability support - older people (65+)",),
    "344": ("Mental health support - adults (18–64)",),
    "345": ("Mental health support - older people (65+)",),
    "348": ("Social support: Substance misuse support",),
    "349": ("Social support: Asylum seeker support",),
    "350": ("Social support: Support for carer",),
    "351": ("Social support: Social Isolation",),
    "353": ("Assistive equipment and technology",),
    "354": ("Social care activities",),
    "355": ("Information and early intervention",),
    "356": ("Commissioning and service delivery",),
    "357": ("COVID-19 discharge costs",),
    "358": (
        "Disbursement payments to care homes",
        "Disbursement payments to care providers",
    ),
    "360": ("TOTAL ADULT SOCIAL CARE",),
    "361": ("Sexual health services - STI testing and treatment (prescribed functions)",),
    "362": ("Sexual health services - Contraception (prescribed functions)",),
    "363": ("Sexual health services - Promotion, prevention and advice (non-prescribed functions)",),
    "365": ("NHS health check programme (prescribed functions)",),
    "366": ("Health protection - Local authority role in health protection (prescribed functions)",),
    "368": ("National child measurement programme (prescribed functions)",),
    "370": ("Public health advice to NHS commissioners (prescribed functions)",),
    "371": ("Obesity - adults",),
    "372": ("Obesity - children",),
    "373": ("Physical activity - adults",),
    "374": ("Physical activity - children",),
    "376": ("Substance misuse - Treatment for drug misuse in adults",),
    "377": ("Substance misuse - Treatment for alcohol misuse in adults",),
    "378": ("Substance misuse - Preventing and reducing harm from drug misuse in adults",),
    "379": ("Substance misuse - Preventing and reducing harm from alcohol misuse in adults",),
    "380": ("Substance misuse - Specialist drug and alcohol misuse services for children and young people",),
    "381": ("Smoking and tobacco - Stop smoking services and interventions",),
    "382": ("Smoking and tobacco - Wider tobacco control",),
    "383": ("Children 5–19 public health programmes",),
    "384": ("Miscellaneous public health services - Mandated 0-5 children’s services (prescribed functions)",),
    "385": ("Miscellaneous public health services - All Other 0-5 children’s services (non-prescribed functions)",),
    "386": ("Health at work",),
    "387": ("Public mental health",),
    "389": ("Miscellaneous public health services - other",),
    "390": ("TOTAL PUBLIC HEALTH",),
    "391": ("Test, track & trace and outbreak planning",),
    "392": ("Other public health spend relating to COVID-19",),
    "409": ("Housing strategy, advice, advances, enabling, renewals and licensing",),
    "440": ("Homelessness",),
    "456": ("Housing benefits: rent allowances and rent rebates - discretionary payments",),
    "457": ("Housing benefits administration",),
    "460": ("Other council property - travellers' sites and non-HRA council property",),
    "475": ("Housing welfare: Supporting People",),
    "478": ("Other welfare services",),
    "490": ("TOTAL HOUSING SERVICES (GFRA only)",),
    "500": ("Archives",),
    "501": ("Culture and heritage (excluding Archives)",),
    "502": ("Recreation and sport",),
    "503": ("Open spaces",),
    "504": ("Tourism",),
    "505": ("Library service",),
    "506": ("Recreation and sport",),
    "507": ("Open spaces",),
    "509": ("TOTAL CULTURAL AND RELATED SERVICES",),
    "510": ("Cemetery, cremation and mortuary services",),
    "519": ("Regulatory services: Trading standards",),
    "520": ("Regulatory services: Water safety",),
    "521": ("Regulatory services: Food safety",),
    "522": ("Regulatory services: Environmental protection; noise and nuisance",),
    "523": ("Regulatory services: Housing standards",),
    "524": ("Regulatory services: Health and safety",),
    "525": ("Regulatory services: Port health (excluding levies)",),
    "526": ("Regulatory services: Port health levies",),
    "527": ("Regulatory services: Pest control",),
    "528": ("Regulatory services: Public conveniences",),
    "529": ("Regulatory services: Animal and public health; infectious disease",),
    "530": ("Regulatory services: Licensing - Alcohol and entertainment licensing; taxi licensing",),
    "531": ("Community safety (Crime reduction)",),
    "532": ("Community safety (Safety services)",),
    "533": ("Community safety (CCTV)",),
    "541": ("Defences against flooding",),
    "543": ("Land drainage and related work (excluding levy / Special levies)",),
    "544": ("Land drainage and related work - Levy / Special levies",),
    "547": ("Coast protection",),
    "550": ("Agriculture and fisheries services",),
    "570": ("Street cleansing (not chargeable to Highways)",),
    "581": ("Waste collection",),
    "582": ("Waste disposal",),
    "583": ("Trade waste",),
    "584": ("Recycling",),
    "585": ("Waste minimisation",),
    "586": ("Climate change costs",),
    "590": ("TOTAL ENVIRONMENTAL AND REGULATORY SERVICES",),
    "591": ("Building control",),
    "592": ("Development control",),
    "593": ("Planning policy",),
    "594": ("Environmental initiatives",),
    "595": ("Economic development",),
    "596": ("Community development",),
    "597": ("Economic research",),
    "598": (
        "Business Support",
        "Business Support (b)",
    ),
    "599": ("TOTAL PLANNING AND DEVELOPMENT SERVICES",),
    "601": ("TOTAL POLICE SERVICES",),
    "602": ("TOTAL FIRE AND RESCUE SERVICES",),
    "604": ("Coroners' court services",),
    "605": ("Other court services",),
    "610": ("Corporate and democratic core",),
    "623": ("Local tax collection: council tax discounts - locally funded",),
    "625": ("Local tax collection: council tax support administration",),
    "628": ("Local tax collection: other",),
    "650": ("Emergency planning",),
    "675": ("Central services to the public: other",),
    "681": ("Non-distributed costs - retirement benefits",),
    "682": ("Non-distributed costs - costs of unused shares of IT facilities and other assets",),
    "684": ("Non-distributed costs - revenue expenditure on surplus assets",),
    "690": ("TOTAL CENTRAL SERVICES",),
    "698": ("TOTAL OTHER SERVICES",),
    "799": ("TOTAL SERVICE EXPENDITURE",),
    "805": ("Disbursement payments to businesses",),
    "811": ("Housing benefits: rent allowances - mandatory payments",),
    "812": ("Housing benefits: non-HRA rent rebates - mandatory payments",),
    "813": ("Housing benefits: rent rebates to HRA tenants - mandatory payments",),
    "814": ("Housing benefits: subsidy limitation transfers from HRA",),
    "818": ("Contribution to the HRA re items shared by the whole community",),
    "821": ("Parish Precepts",),
    "822": (
        "Integrated Transport Authority levy *",
        "Integrated Transport Authority levy",
    ),
    "824": (
        "Waste Disposal Authority levy *",
        "Waste Disposal Authority levy",
    ),
    "827": ("London Pensions Fund Authority levy",),
    "828": ("Other levies",),
    "831": ("External Trading Accounts net surplus(-)/ deficit(+)",),
    "832": ("Internal Trading Accounts net surplus(-)/ deficit(+)",),
    "841": ("Capital items accounted for in External Trading Accounts",),
    "842": ("Capital items accounted for in Internal Trading Accounts",),
    "847": ("Appropriations to(+) / from(-) Accumulated Absences Account",),
    "848": ("Adjustments to net current expenditure",),
    "849": ("NET CURRENT EXPENDITURE",),
    "859": ("Levy: Environment Agency flood defence",),
    "865": ("Capital expenditure charged to the GF Revenue Account (CERA) (exclude Public Health)",),
    "866": ("Capital expenditure charged to the GF Revenue Account (CERA) (Public Health)",),
    "867": (
        "Capital receipts used to finance revenue expenditure under receipts flexibility **",
        "Capital receipts used to finance revenue expenditure under receipts flexibility",
    ),
    "868": ("Netting off expenditure capitalised by a direction under Section 16(2)b)",),
    "871": ("Provision for bad debts (+/-)",),
    "873": ("Provision for repayment of principal",),
    "876": ("Leasing payments",),
    "881": ("Interest: external payments",),
    "883": ("Interest: HRA item 8 payments and receipts",),
    "886": ("Interest and investment income (-): external receipts and dividends",),
    "888": ("Private Finance Initiative (PFI) schemes - difference from service charge",),
    "889": ("Appropriations to(+)/ from(-) financial instruments adjustment account",),
    "890": ("Appropriations to(+)/ from(-) unequal pay back pay account",),
    "891": ("Specific and special grants outside AEF [SG line 799 as income]",),
    "893": ("Business Rates Supplement (GLA only)",),
    "894": ("Community Infrastructure levy",),
    "895": ("Carbon Reduction Commitment (CRC) transactions (expenditure) (+)",),
    "896": ("Carbon Reduction Commitment (CRC) transactions (income) (-)",),
    "897": ("Appropriations to(+)/from(-) dedicated schools grant adjustment account",),
    "900": ("REVENUE EXPENDITURE",),
    "904": ("Specific and special grants inside AEF [SG line 699 as income]",),
    "906": ("Inter-authority transfers in respect of reorganisation",),
    "911": ("Appropriations to(+)/ from(-) schools' reserves",),
    "913": (
        "Appropriations to(+)/ from(-) dedicated schools grant reserves (c)",
        "Appropriations to(+)/ from(-) dedicated schools grant reserves",
    ),
    "914": ("Appropriations to(+)/ from(-) public health financial reserves",),
    "915": ("Appropriations to(+)/ from(-) other earmarked financial reserves",),
    "916": ("Appropriations to(+)/ from(-) unallocated financial reserves",),
    "920": ("Income from Treasury Management activities",),
    "921": ("Income from non-treasury management activities, of which:",),
    "922": ("Investment properties",),
    "923": ("Dividends from subsidiaries",),
    "924": ("Dividends from equity other than subsidiaries",),
    "925": ("Income from joint ventures",),
    "926": ("Interest from capital loans",),
    "927": ("Interest from revenue loans",),
    "928": ("Income from bonds",),
    "929": ("Other",),
    "951": (
        "Revenue Support Grant (a)",
        "Revenue Support Grant",
    ),
    "956": ("Police grant",),
    "970": (
        "Retained income from Rate Retention Scheme",
        "Retained income from Rate Retention Scheme **",
    ),
    "980": ("Collection fund surpluses and deficits for Council Tax",),
    "985": (
        "Other Income",
        "Other Items",
    ),
    "990": (
        "COUNCIL TAX REQUIREMENT (total of lines 900 to 985) (b)",
        "COUNCIL TAX REQUIREMENT (total of lines 900 to 985) (a)",
        "COUNCIL TAX REQUIREMENT (total of lines 900 to 985)",
    ),
    "1011": ("Estimated schools reserves level at 1 April",),
    "1011c2": (
        "Estimated schools reserves level at 31 March",
        "Estimated schools reserves level at 1 April",
    ),
    "1011c3": ("Estimated schools reserves level at 31 March",),
    "1013": ("Estimated dedicated schools grant financial reserves level at 1 April (c)",),
    "1013c2": (
        "Estimated dedicated schools grant reserves level at 31 March (c)",
        "Estimated dedicated schools grant financial reserves level at 1 April",
    ),
    "1013c3": ("Estimated dedicated schools grant reserves level at 31 March",),
    "1014": ("Estimated public health financial reserves level at 1 April",),
    "1014c2": (
        "Estimated public health financial reserves level at 31 March",
        "Estimated public health financial reserves level at 1 April",
    ),
    "1014c3": ("Estimated public health financial reserves level at 31 March",),
    "1015": ("Estimated other earmarked financial reserves level at 1 April",),
    "1015c2": (
        "Estimated other earmarked financial reserves level at 31 March",
        "Estimated other earmarked financial reserves level at 1 April",
    ),
    "1015c3": ("Estimated other earmarked financial reserves level at 31 March",),
    "1016": ("Estimated unallocated financial reserves level at 1 April",),
    "1016c2": (
        "Estimated unallocated financial reserves level at 31 March",
        "Estimated unallocated financial reserves level at 1 April",
    ),
    "1016c3": ("Estimated unallocated financial reserves level at 31 March",),
    "1020c2": ("Prior Year Adjustments",),
    "1021": ("Other Earmarked Financial Reserves used for smoothing PFI and long-term liability payments at 1 April",),
    "1021c2": (
        "Other Earmarked Financial Reserves used for smoothing PFI and long-term liability payments at 31 March",
    ),
    "1021c8": (
        "Other Earmarked Financial Reserves used for smoothing PFI and long-term liability payments at 1 April",
    ),
    "1021c9": (
        "Other Earmarked Financial Reserves used for smoothing PFI and long-term liability payments at 31 March",
    ),
    "1022": ("Other Earmarked Financial Reserves held on behalf of third parties for specific projects at 1 April",),
    "1022c2": ("Other Earmarked Financial Reserves held on behalf of third parties for specific projects at 31 March",),
    "1022c8": ("Other Earmarked Financial Reserves held on behalf of third parties for specific projects at 1 April",),
    "1022c9": ("Other Earmarked Financial Reserves held on behalf of third parties for specific projects at 31 March",),
    "1031": ("Depreciation",),
    "1033": ("Loss on impairment of assets",),
    "1034": ("Revaluations taken to surplus or deficit on the provision of services",),
    "1035": ("Credit for capital grants",),
    "1036": ("Revenue Expenditure funded from Capital by Statute (RECS)",),
    "1039": ("Total capital items (total of lines 1031 to 1036)",),
    "1040": ("Adult Social Care Expenditure financed from Adult Social Care Council Tax Flexibility",),
    "1044": ("Total council tax revenue foregone - pensioners",),
    "1045": ("Total council tax revenue foregone - working age people",),
    "1046": ("Total amount of council tax revenue foregone",),
    "1047": (
        "The total amount paid to local parishes [by the billing authority] with respect to their council tax support allocation",
    ),
    "1051": ("Payment to operators in respect of depreciation which is included in line 275",),
    "1079": ('Total service expenditure on non-IAS19 and PFI "On Balance Sheet" basis',),
    "4001c4": ("Dwelling rents (gross)",),
    "4001c5": ("Dwelling rents (gross)",),
    "4002c4": ("Non-dwelling rents (gross)",),
    "4002c5": ("Non-dwelling rents (gross)",),
    "4003c4": ("Tenants’ leaseholders’ and other charges for services and facilities",),
    "4003c5": ("Tenants’ leaseholders’ and other charges for services and facilities",),
    "4004c4": ("Contributions towards expenditure (other than government grants and assistance)",),
    "4004c5": ("Contributions towards expenditure (other than government grants and assistance)",),
    "4005c4": ("Government grants and assistance (including downward adjustments)",),
    "4005c5": ("Government grants and assistance (including downward adjustments)",),
    "4006c4": ("Interest on investments credited direct to the HRA",),
    "4006c5": ("Interest on investments credited direct to the HRA",),
    "4007c4": ("Transfers from GF",),
    "4007c5": ("Transfers from GF",),
    "4008c4": ("Transfers from MRR",),
    "4008c5": ("Transfers from MRR",),
    "4011c4": ("Appropriation to/from Accumulated Absences Account",),
    "4011c5": ("Appropriation to/from Accumulated Absences Account",),
    "4015c4": ("TOTAL HOUSING REVENUE ACCOUNT (HRA) INCOME",),
    "4015c5": ("TOTAL HOUSING REVENUE ACCOUNT (HRA) INCOME",),
    "4021c4": ("Repairs and maintenance",),
    "4021c5": ("Repairs and maintenance",),
    "4022c4": ("Supervision and management (including CDC)",),
    "4022c5": ("Supervision and management (including CDC)",),
    "4023c4": ("Special services",),
    "4023c5": ("Special services",),
    "4024c4": ("Rents, rates, taxes and other charges",),
    "4024c5": ("Rents, rates, taxes and other charges",),
    "4025c4": (
        "Direct charges to the HRA - Interest payable and similar charges including amortisation of premiums and discounts",
    ),
    "4025c5": (
        "Direct charges to the HRA - Interest payable and similar charges including amortisation of premiums and discounts",
    ),
    "4026c4": (
        "Charges to the HRA for debt repayment or non-interest charges in respect of credit arrangements (including on balance sheet PFI schemes)",
    ),
    "4026c5": (
        "Charges to the HRA for debt repayment or non-interest charges in respect of credit arrangements (including on balance sheet PFI schemes)",
    ),
    "4027c4": ("Capital expenditure charged to the Housing Revenue Account (CERA)",),
    "4027c5": ("Capital expenditure charged to the Housing Revenue Account (CERA)",),
    "4028c4": ("Debt management costs",),
    "4028c5": ("Debt management costs",),
    "4029c4": ("Transfers to GF",),
    "4029c5": ("Transfers to GF",),
    "4030c4": ("Transfers to MRR",),
    "4030c5": ("Transfers to MRR",),
    "4033c4": ("Provision for bad debts (+/-)",),
    "4033c5": ("Provision for bad debts (+/-)",),
    "4035c4": ("TOTAL HOUSING REVENUE ACCOUNT (HRA) EXPENDITURE",),
    "4035c5": ("TOTAL HOUSING REVENUE ACCOUNT (HRA) EXPENDITURE",),
    "4040c4": ("SURPLUS OR DEFICIT FOR THE YEAR ON HRA SERVICES",),
    "4040c5": ("SURPLUS OR DEFICIT FOR THE YEAR ON HRA SERVICES",),
    "4046c5": ("Housing Revenue Account (HRA) Reserves at 1 April",),
    "4046c6": (
        "Housing Revenue Account (HRA) Reserves at 31 March",
        "Housing Revenue Account (HRA) Reserves at 1 April",
    ),
    "4046c7": ("Housing Revenue Account (HRA) Reserves at 31 March",),
}

_BY_KEY: dict[str, list[str]] = {}
for _code, _labels in LINES.items():
    for _label in _labels:
        _codes = _BY_KEY.setdefault(label_key(_label), [])
        if _code not in _codes:
            _codes.append(_code)
for _codes in _BY_KEY.values():
    _codes.sort(key=_number)
