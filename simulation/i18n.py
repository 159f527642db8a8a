"""Every text the classroom app shows, in Dutch (the default: classes are Dutch) and English.

One table keyed by a short id keeps the two languages side by side, so a missing translation is a
test failure rather than an English word in a Dutch class. The model's validation messages are
English (as on the command line); their `err_` texts here let the app write them in Dutch. The
shipped scenarios' Dutch names and descriptions are kept by file name, below the table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: dict[Lang, str] = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANG: Lang = "nl"
LOCALES: dict[Lang, str] = {"nl": "nl_NL", "en": "en_GB"}
"""Babel's locale per language: numbers as the language writes them (0,5 and 1.234 in Dutch)."""


def number(value: float, lang: Lang, digits: int = 2, *, fixed: bool = False) -> str:
    """`value` with at most `digits` decimals (no trailing zeros), thousands grouped; `fixed`
    writes all `digits` (a slider's label keeps its width while it moves: 0,50 then 0,55).

    Babel (the CLDR's locale data) rather than hand-made replacements, so grouping and signs
    follow the language's own rules. Values are rounded before formatting and the result
    cached: a chart writes every week's values again after each step, and they repeat.
    """
    return _formatted(round(float(value), digits) + 0.0, lang, digits, fixed)   # + 0.0: no "-0"


@lru_cache(maxsize=16384)
def _formatted(value: float, lang: Lang, digits: int, fixed: bool) -> str:
    from babel.numbers import format_decimal  # here: the CLI starts without Babel

    pattern = "#,##0." + ("0" if fixed else "#") * digits if digits > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])

TEXTS: dict[str, dict[Lang, str]] = {
    # page and sections
    "title": {"nl": "Samensturing in het huis van de wijk",
              "en": "Co-steering in the neighbourhood house"},
    "subtitle": {"nl": "Een simulatie voor het werkatelier: wie spreekt, wie beslist, en wat "
                       "komt ervan terecht?",
                 "en": "A simulation for the workshop: who speaks, who decides, and what comes "
                       "of it?"},
    "language": {"nl": "Taal", "en": "Language"},
    "section_house": {"nl": "Het huis", "en": "The house"},
    "section_interventions": {"nl": "Interventies", "en": "Interventions"},
    "section_run": {"nl": "Simuleren", "en": "Run"},
    # scenario choice and upload
    "scenario": {"nl": "Scenario", "en": "Scenario"},
    "uploaded": {"nl": "geüpload", "en": "uploaded"},
    "upload_label": {"nl": "Eigen scenario kiezen (.toml, max. {limit} kB)",
                     "en": "Choose your own scenario (.toml, max. {limit} kB)"},
    "upload_invalid": {"nl": "Dit scenario is niet geldig:", "en": "This scenario is not valid:"},
    "settings_invalid": {"nl": "Deze instellingen gaan niet samen:",
                         "en": "These settings do not go together:"},
    "value_refused": {"nl": "Niet mogelijk; de vorige waarde blijft staan:",
                      "en": "Not possible; the previous value stays:"},
    # house parameters
    "seed": {"nl": "Startgetal (seed)", "en": "Random seed"},
    "seed_invalid": {"nl": "Een startgetal is een geheel getal: 0 of meer.",
                     "en": "A seed is a whole number: 0 or more."},
    "seed_help": {"nl": "Zelfde startgetal, zelfde huis: zo kun je eerlijk vergelijken.",
                  "en": "Same seed, same house: that is what makes a fair comparison."},
    "residents": {"nl": "Bewoners in de wijk", "en": "Residents in the neighbourhood"},
    "asymmetry": {"nl": "Machtsongelijkheid", "en": "Power asymmetry"},
    "prior_conflict": {"nl": "Conflict uit het verleden", "en": "Prior conflict"},
    "decision_rule": {"nl": "Besluitregel", "en": "Decision rule"},
    "rule_hierarchical": {"nl": "hiërarchisch (de voorzitter beslist)",
                          "en": "hierarchical (the chair decides)"},
    "rule_majority": {"nl": "meerderheid", "en": "majority"},
    "rule_consent": {"nl": "consent (niemand heeft bezwaar)", "en": "consent (nobody objects)"},
    "rule_consensus": {"nl": "consensus (iedereen is het eens)",
                       "en": "consensus (everybody agrees)"},
    "vertical": {"nl": "Verticale steun", "en": "Vertical support"},
    "vertical_help": {"nl": "Kans dat een besluit één toetsmoment (bewoners-uitvoering, "
                            "uitvoering-bestuur, Rijk-gemeente) in één keer passeert.",
                      "en": "Chance that a decision passes one clearance point (residents-"
                            "execution, execution-administration, national-local) at once."},
    # intervention controls
    "enabled": {"nl": "aan", "en": "on"},
    "start": {"nl": "Vanaf week", "en": "From week"},
    "end": {"nl": "Tot week (0 = tot het eind)", "en": "Until week (0 = to the end)"},
    "every": {"nl": "Eens per zoveel weken", "en": "Once every so many weeks"},
    "intensity": {"nl": "Intensiteit", "en": "Intensity"},
    "what_it_does": {"nl": "Wat doet het?", "en": "What does it do?"},
    "source": {"nl": "Bron", "en": "Source"},
    "references": {"nl": "Alle literatuur: docs/interventions.md (References)",
                   "en": "All references: docs/interventions.md (References)"},
    # run controls
    "step": {"nl": "Stap", "en": "Step"},
    "play": {"nl": "Afspelen", "en": "Play"},
    "pause": {"nl": "Pauze", "en": "Pause"},
    "reset": {"nl": "Opnieuw", "en": "Reset"},
    "week": {"nl": "Week {week}", "en": "Week {week}"},
    "compare": {"nl": "Vergelijk naast elkaar", "en": "Side by side"},
    "second_house": {"nl": "Tweede huis (gestippeld)", "en": "Second house (dashed)"},
    "second_same": {"nl": "dezelfde zonder interventies", "en": "the same without interventions"},
    "second_note": {"nl": "De instellingen links gelden alleen voor het eerste huis.",
                    "en": "The settings on the left apply to the first house only."},
    "with": {"nl": "Met interventies", "en": "With interventions"},
    "without": {"nl": "Zonder interventies", "en": "Without interventions"},
    "download": {"nl": "Download de gegevens (CSV)", "en": "Download the data (CSV)"},
    "rebuild_note": {"nl": "Een andere instelling bouwt het huis opnieuw op met hetzelfde "
                           "startgetal en speelt het door tot de huidige week.",
                     "en": "Changing a setting rebuilds the house with the same seed and replays "
                           "it up to the current week."},
    # meeting room
    "room_title": {"nl": "De vergadering van deze week", "en": "This week's meeting"},
    "room_empty": {"nl": "Nog geen vergadering: zet een stap.",
                   "en": "No meeting yet: take a step."},
    "room_legend": {"nl": "Kleur = rol, grootte = macht, lijn = gehoord door (dikker = meer "
                          "invloed). Grijs = niet aanwezig.",
                    "en": "Colour = role, size = power, line = heard by (thicker = more "
                          "influence). Grey = absent."},
    "room_decided": {"nl": "Besluit genomen", "en": "Decision made"},
    "room_undecided": {"nl": "Geen besluit", "en": "No decision"},
    "room_present": {"nl": "{n} aanwezig", "en": "{n} present"},
    "seat": {"nl": "{role} · macht {power} · {turns} spreekbeurten",
             "en": "{role} · power {power} · {turns} speaking turns"},
    "role_resident": {"nl": "bewoner", "en": "resident"},
    "role_professional": {"nl": "professional", "en": "professional"},
    "role_official": {"nl": "ambtenaar", "en": "official"},
    "role_administrator": {"nl": "bestuurder", "en": "administrator"},
    "role_other": {"nl": "andere partij", "en": "other party"},
    # the same in the plural, for counts ("3 bewoners": simulation/app/rooms_page.py `counted`)
    "roles_resident": {"nl": "bewoners", "en": "residents"},
    "roles_professional": {"nl": "professionals", "en": "professionals"},
    "roles_official": {"nl": "ambtenaren", "en": "officials"},
    "roles_administrator": {"nl": "bestuurders", "en": "administrators"},
    "roles_other": {"nl": "andere partijen", "en": "other parties"},
    "and": {"nl": "en", "en": "and"},   # the last two of a list
    # charts
    "chart_voice": {"nl": "Bewoners: aandeel in de spreektijd en onder de aanwezigen",
                    "en": "Residents: share of speaking time and of those present"},
    "chart_gini": {"nl": "Ongelijkheid in spreektijd (Gini)",
                   "en": "Inequality of speaking time (Gini)"},
    "chart_trust": {"nl": "Vertrouwen binnen en tussen groepen",
                    "en": "Trust within and between groups"},
    "chart_satisfaction": {"nl": "Tevredenheid per rol", "en": "Satisfaction per role"},
    "chart_attendance": {"nl": "Opkomst: aandeel van de bewoners aanwezig",
                         "en": "Attendance: share of residents present"},
    "chart_dropout": {"nl": "Uitval: bewoners die afhaakten (totaal)",
                      "en": "Dropout: residents who stopped coming (total)"},
    "chart_decisions": {"nl": "Besluiten: genomen en uitgevoerd",
                        "en": "Decisions: made and implemented"},
    "chart_x": {"nl": "week", "en": "week"},
    "series_voice": {"nl": "spreektijd", "en": "speaking time"},
    "series_presence": {"nl": "aanwezigen", "en": "those present"},
    "series_gini": {"nl": "Gini spreektijd", "en": "speaking Gini"},
    "series_trust_within": {"nl": "binnen groepen", "en": "within groups"},
    "series_trust_between": {"nl": "tussen groepen", "en": "between groups"},
    "series_satisfaction_resident": {"nl": "bewoners", "en": "residents"},
    "series_satisfaction_professional": {"nl": "professionals", "en": "professionals"},
    "series_satisfaction_official": {"nl": "ambtenaren", "en": "officials"},
    "series_attendance": {"nl": "opkomst", "en": "attendance"},
    "series_dropout": {"nl": "uitval", "en": "dropout"},
    "series_made": {"nl": "genomen", "en": "made"},
    "series_implemented": {"nl": "uitgevoerd", "en": "implemented"},
    # interventions: name, what it does, source
    "iv_role_reversal": {"nl": "Rollenwissel (spel)", "en": "Playful role reversal"},
    "iv_role_reversal_text": {
        "nl": "Deelnemers spelen elkaars rol, met kunst en spel. Dat vergroot het "
              "perspectief, het sterkst bij de machtigen: je luistert beter naar anderen en hoort "
              "standpunten uit een andere logica eerder, en je voelt het machtsverschil minder. "
              "Wie gehoord wordt, gaat de luisteraars meer vertrouwen. Het effect zakt weg als je "
              "het niet herhaalt.",
        "en": "Participants play each other's role, through art and play. This widens "
              "perspective, most of all for the powerful: one listens better to others, hears "
              "views from another logic sooner, and feels the power gap less. Those who are "
              "heard come to trust the listeners more. The effect fades without repetition."},
    "iv_role_reversal_source": {
        "nl": "Huss & Bos 2019; Galinsky e.a. 2006; Gaventa 1980",
        "en": "Huss & Bos 2019; Galinsky et al. 2006; Gaventa 1980"},
    "iv_process_director": {"nl": "Onafhankelijke procesregisseur",
                            "en": "Independent process director"},
    "iv_process_director_text": {
        "nl": "Een onafhankelijke regisseur verdeelt de spreektijd eerlijker, slaat bruggen "
              "tussen logica's, houdt besluiten op koers en zorgt voor opvolging naar boven. Een "
              "regisseur met een eigen agenda trekt de uitkomst naar diens standpunt.",
        "en": "An independent director shares speaking time more equally, bridges logics, keeps "
              "decisions on track and follows them up the line. A director with an agenda pulls "
              "the outcome towards their own view."},
    "iv_process_director_source": {"nl": "Ansell & Gash 2008; Spada & Vreeland 2013",
                                   "en": "Ansell & Gash 2008; Spada & Vreeland 2013"},
    "iv_citizen_panel": {"nl": "Burgerpanel (loting)", "en": "Citizen panel (by lot)"},
    "iv_citizen_panel_text": {
        "nl": "Bewoners worden (gestratificeerd) geloot in plaats van dat ze zichzelf "
              "aanmelden. Zo komen er meer verschillende standpunten aan tafel en minder 'usual "
              "suspects'.",
        "en": "Residents are drawn by (stratified) lot instead of selecting themselves. This "
              "brings a broader spread of views to the table and fewer 'usual suspects'."},
    "iv_citizen_panel_source": {"nl": "Fung 2006; Michels & De Graaf 2010",
                                "en": "Fung 2006; Michels & De Graaf 2010"},
    "iv_mayor": {"nl": "Centrale rol burgemeester", "en": "Central role of the mayor"},
    "iv_mayor_text": {
        "nl": "Een sterke verticale lijn: vastgelopen besluiten gaan naar de burgemeester, "
              "waardoor er meer wordt uitgevoerd, maar het huis wordt ook hiërarchischer.",
        "en": "A strong vertical line: blocked decisions are escalated to the mayor, so more "
              "gets implemented, but the house also becomes more hierarchical."},
    "iv_mayor_source": {"nl": "Boutellier (tweede brontekst); Bitterman & Koliba 2020",
                        "en": "Boutellier (second seed text); Bitterman & Koliba 2020"},
    "iv_social_contract": {"nl": "Lokaal sociaal contract", "en": "Local social contract"},
    "iv_social_contract_text": {
        "nl": "Partijen leggen wederzijdse toezeggingen vast. Nagekomen beloftes vergroten het "
              "vertrouwen, gebroken beloftes kosten het.",
        "en": "Parties write down mutual commitments. Promises kept raise trust, promises "
              "broken cost it."},
    "iv_social_contract_source": {"nl": "Boutellier (tweede brontekst); Ansell & Gash 2008",
                                  "en": "Boutellier (second seed text); Ansell & Gash 2008"},
    "iv_steering_group": {"nl": "Gezamenlijke stuurgroep", "en": "Joint steering group"},
    "iv_steering_group_text": {
        "nl": "Bestuurders en uitvoerders stemmen samen af, zodat besluiten minder vaak "
              "stranden tussen bestuur en uitvoering.",
        "en": "Administrators and executors align, so decisions fail less often between "
              "administration and execution."},
    "iv_steering_group_source": {"nl": "Boutellier (tweede brontekst); Emerson e.a. 2012",
                                 "en": "Boutellier (second seed text); Emerson et al. 2012"},
    "iv_horizontal_agreements": {"nl": "Horizontale afspraken", "en": "Horizontal agreements"},
    "iv_horizontal_agreements_text": {
        "nl": "Organisaties maken afspraken over de schotten heen (ontschotting): minder "
              "wrijving tussen logica's en meer informatie delen tussen professionals en "
              "ambtenaren.",
        "en": "Organisations agree across silos: less friction between logics and more "
              "information sharing among professionals and officials."},
    "iv_horizontal_agreements_source": {"nl": "Boutellier (tweede brontekst)",
                                        "en": "Boutellier (second seed text)"},
    # role-play room (simulation/app/rooms_page.py)
    "mode_single": {"nl": "Eén huis simuleren", "en": "Simulate one house"},
    "mode_roleplay": {"nl": "Rollenspel", "en": "Role play"},
    "mode_house": {"nl": "Mijn huis", "en": "My house"},
    # "Mijn huis": the intake and a small exploration (simulation/app/house_page.py)
    "mh_section_house": {"nl": "Je eigen huis beschrijven", "en": "Describe your own house"},
    "mh_intro": {"nl": "Beantwoord de vragen over je huis van de wijk. Elk antwoord wordt een "
                       "beste schatting en een bereik; bij 'weet ik niet' wordt het bereik breed. "
                       "Het huisbestand is hetzelfde als dat van `samensturing house new`.",
                 "en": "Answer the questions about your neighbourhood house. Each answer becomes "
                       "a best guess and a range; 'don't know' gives a wide range. The house file "
                       "is the same as that of `samensturing house new`."},
    "mh_download_house": {"nl": "Huisbestand downloaden (TOML)",
                          "en": "Download the house file (TOML)"},
    "mh_section_explore": {"nl": "Verkennen", "en": "Explore"},
    "mh_interventions": {"nl": "Welke interventies wil je vergelijken met geen interventie?",
                         "en": "Which interventions do you want to compare with none?"},
    "mh_houses": {"nl": "Mogelijke huizen", "en": "Plausible houses"},
    "mh_replications": {"nl": "Herhalingen per huis", "en": "Replications per house"},
    "mh_budget": {"nl": "Dat zijn {runs} runs van het model. Met de standaardkeuze duurt het "
                        "ongeveer een minuut; voor een grotere verkenning: samensturing explore.",
                  "en": "That is {runs} runs of the model. The default choice takes about a "
                        "minute; for a larger exploration: samensturing explore."},
    "mh_explore": {"nl": "Verken", "en": "Explore"},
    "mh_none_chosen": {"nl": "Kies minstens één interventie.",
                       "en": "Choose at least one intervention."},
    "mh_progress": {"nl": "{done} van {total} runs klaar", "en": "{done} of {total} runs done"},
    "mh_analysing": {"nl": "Alle runs zijn klaar; de advieskaart wordt opgesteld.",
                     "en": "All runs are done; the advice card is being drawn up."},
    "mh_partial": {"nl": "Tussenstand na {houses} van {total} huizen:",
                   "en": "So far, after {houses} of {total} houses:"},
    "mh_intervention": {"nl": "Interventie", "en": "Intervention"},
    "mh_cell": {"nl": "helpt {helps}, schaadt {hurts}", "en": "helps {helps}, hurts {hurts}"},
    "mh_card": {"nl": "Advieskaart", "en": "Advice card"},
    "mh_download_card": {"nl": "Advieskaart downloaden (HTML)",
                         "en": "Download the advice card (HTML)"},
    "mh_failed": {"nl": "De verkenning is mislukt: {error}",
                  "en": "The exploration failed: {error}"},
    "rp_open_title": {"nl": "Een gedeeld huis openen (docent)",
                      "en": "Open a shared house (lecturer)"},
    "rp_join_title": {"nl": "Meedoen met een code (student)", "en": "Join with a code (student)"},
    "rp_open": {"nl": "Huis openen", "en": "Open the house"},
    "rp_code": {"nl": "Code (zes tekens)", "en": "Code (six characters)"},
    "rp_name": {"nl": "Je naam", "en": "Your name"},
    "rp_mode": {"nl": "Hoe krijg je een plaats?", "en": "How do you get a seat?"},
    "rp_mode_chosen": {"nl": "Zelf gekozen: kies hieronder een vrije plaats.",
                       "en": "Chosen: pick a free seat below."},
    "rp_mode_assigned": {"nl": "Toegewezen: je krijgt de volgende vrije plaats, om de beurt "
                               "bewoner, professional, ambtenaar.",
                         "en": "Assigned: you get the next free seat, resident, professional, "
                               "official in turn."},
    "rp_mode_reversed": {"nl": "Rollenwissel: je speelt bewust een plaats van een andere groep "
                               "dan je eigen groep.",
                         "en": "Role reversal: you play a seat of another group than your own "
                               "on purpose."},
    "rp_how_chosen": {"nl": "zelf kiezen", "en": "chosen"},
    "rp_how_assigned": {"nl": "toegewezen", "en": "assigned"},
    "rp_how_reversed": {"nl": "rollenwissel", "en": "role reversal"},
    "rp_seat": {"nl": "Plaats", "en": "Seat"},
    "rp_own_group": {"nl": "Je eigen groep:", "en": "Your own group:"},
    "rp_join": {"nl": "Meedoen", "en": "Join"},
    "rp_no_room": {"nl": "Er is geen huis met deze code. Kijk de code nog eens na.",
                   "en": "There is no house with this code. Check the code again."},
    "rp_bad_name": {"nl": "Vul een naam in (hoogstens 40 tekens).",
                    "en": "Fill in a name (at most 40 characters)."},
    "rp_bad_seat": {"nl": "Kies een vrije plaats: deze is al bezet, of er is geen plaats meer "
                          "vrij.",
                    "en": "Choose a free seat: this one is taken, or no seat is left."},
    "rp_bad_group": {"nl": "Kies je eigen groep voor de rollenwissel.",
                     "en": "Choose your own group for the role reversal."},
    "rp_code_label": {"nl": "Code om mee te doen:", "en": "Code to join:"},
    "rp_paused": {"nl": "de klok staat stil", "en": "the clock is paused"},
    "rp_running": {"nl": "de klok loopt", "en": "the clock is running"},
    "rp_remaining": {"nl": "nog {seconds} s om te kiezen", "en": "{seconds} s left to choose"},
    "rp_resume": {"nl": "Klok starten", "en": "Start the clock"},
    "rp_next": {"nl": "Volgende week", "en": "Next week"},
    "rp_limit": {"nl": "Tijd per week (seconden)", "en": "Time per week (seconds)"},
    "rp_close": {"nl": "Huis sluiten", "en": "Close the house"},
    "rp_close_sure": {"nl": "Ja, sluiten en wissen", "en": "Yes, close and delete"},
    "rp_close_not": {"nl": "Nee, open laten", "en": "No, keep it open"},
    "rp_waiting": {"nl": "Moeten nog kiezen: {names}", "en": "Still to choose: {names}"},
    "rp_all_chose": {"nl": "Niemand hoeft nog te kiezen.", "en": "Nobody still has to choose."},
    "rp_students": {"nl": "Studenten spelen {roles}.", "en": "Students play {roles}."},
    "rp_agents": {"nl": "Het model speelt {roles}.", "en": "The model plays {roles}."},
    "rp_no_agents": {"nl": "Het model speelt geen enkele plaats: alle plaatsen zijn bezet.",
                     "en": "The model plays no seat: every seat is taken."},
    "rp_col_seat": {"nl": "Plaats", "en": "Seat"},
    "rp_col_role": {"nl": "Rol", "en": "Role"},
    "rp_col_player": {"nl": "Student", "en": "Student"},
    "rp_col_connected": {"nl": "Verbonden", "en": "Connected"},
    "rp_col_chosen": {"nl": "Gekozen", "en": "Chosen"},
    "rp_yes": {"nl": "ja", "en": "yes"},
    "rp_no": {"nl": "nee", "en": "no"},
    "rp_debrief": {"nl": "Nabespreking tonen", "en": "Show the debrief"},
    "rp_show_meeting": {"nl": "Tekening van de vergadering tonen",
                        "en": "Show the drawing of the meeting"},
    "rp_db_seat": {"nl": "Plaats", "en": "Seat"},
    "rp_db_role": {"nl": "Rol", "en": "Role"},
    "rp_db_player": {"nl": "Student", "en": "Student"},
    "rp_db_run": {"nl": "Gespeeld door", "en": "Played by"},
    "rp_db_present": {"nl": "Aanwezig (weken)", "en": "Present (weeks)"},
    "rp_db_speaking_share": {"nl": "Aandeel spreektijd", "en": "Share of speaking time"},
    "rp_db_even_share": {"nl": "Bij gelijke verdeling", "en": "If shared equally"},
    "rp_db_heard": {"nl": "Gehoord", "en": "Heard"},
    "rp_db_decided": {"nl": "Voorgestelde besluiten", "en": "Decisions drafted"},
    "rp_db_implemented": {"nl": "Uitgevoerd", "en": "Implemented"},
    "rp_db_blocked": {"nl": "Geblokkeerd", "en": "Blocked"},
    "rp_run_played": {"nl": "de student", "en": "the student"},
    "rp_run_agents": {"nl": "het model", "en": "the model"},
    "rp_you_play": {"nl": "Je speelt een {role} (plaats {seat}), {name}",
                    "en": "You play a {role} (seat {seat}), {name}"},
    "rp_finished": {"nl": "Het spel is afgelopen. Dank je wel!",
                    "en": "The game is over. Thank you!"},
    "rp_model": {"nl": "laat het model kiezen", "en": "let the model choose"},
    "rp_attend": {"nl": "Kom je deze week?", "en": "Are you coming this week?"},
    "rp_come": {"nl": "ik kom", "en": "I am coming"},
    "rp_stay": {"nl": "ik kom niet", "en": "I stay away"},
    "rp_voice": {"nl": "Neem je het woord?", "en": "Do you take the floor?"},
    "rp_voice_up": {"nl": "het woord nemen", "en": "speak up"},
    "rp_voice_model": {"nl": "zoals altijd", "en": "as usual"},
    "rp_voice_down": {"nl": "me inhouden", "en": "hold back"},
    "rp_openness": {"nl": "Hoe ver beweeg je mee met wat je hoort?",
                    "en": "How far do you move towards what you hear?"},
    "rp_open_none": {"nl": "laat het model kiezen", "en": "let the model choose"},
    "rp_open_0": {"nl": "niet", "en": "not at all"},
    "rp_open_0_25": {"nl": "een beetje", "en": "a little"},
    "rp_open_0_5": {"nl": "half", "en": "halfway"},
    "rp_open_1": {"nl": "helemaal", "en": "all the way"},
    "rp_topic": {"nl": "Welk onderwerp leg je op tafel (als jij het voorstel schrijft)?",
                 "en": "Which topic do you table (if you draft the proposal)?"},
    "rp_topic_n": {"nl": "onderwerp {n}", "en": "topic {n}"},
    "rp_stance": {"nl": "Wat doe je met het voorstel?", "en": "What do you do with the proposal?"},
    "rp_stance_support": {"nl": "steunen", "en": "support"},
    "rp_stance_object": {"nl": "bezwaar maken", "en": "object"},
    "rp_stance_amend": {"nl": "amenderen (mijn eigen standpunt)", "en": "amend (my own view)"},
    "rp_send": {"nl": "Keuze doorgeven", "en": "Send my choice"},
    "rp_sent": {"nl": "Je keuze voor deze week staat. Je kunt hem nog wijzigen.",
                "en": "Your choice for this week is in. You can still change it."},
    "rp_power": {"nl": "Je macht", "en": "Your power"},
    "rp_trust": {"nl": "Je vertrouwen in", "en": "Your trust in"},
    "rp_satisfaction": {"nl": "Je tevredenheid", "en": "Your satisfaction"},
    "rp_present": {"nl": "Aanwezig bij de laatste vergadering",
                   "en": "Present at the last meeting"},
    "rp_turns": {"nl": "Je spreekbeurten (aandeel)", "en": "Your speaking turns (share)"},
    "rp_heard": {"nl": "Hoeveel de anderen naar je luisterden (1 = minstens een gelijk deel)",
                 "en": "How much the others listened to you (1 = at least an equal share)"},
    "rp_heard_by": {"nl": "Per groep", "en": "Per group"},
    "rp_speakers": {"nl": "Wie sprak (beurten)", "en": "Who spoke (turns)"},
    "rp_proposal": {"nl": "Op tafel", "en": "On the table"},
    "rp_on_table": {"nl": "een voorstel over onderwerp {n}", "en": "a proposal on topic {n}"},
    "rp_nothing_on_table": {"nl": "nog geen voorstel", "en": "no proposal yet"},
    "rp_proposals": {"nl": "Jouw voorstellen", "en": "Your proposals"},
    "rp_no_proposals": {"nl": "nog geen", "en": "none yet"},
    "rp_status_pending": {"nl": "onderwerp {n} (week {week}): in behandeling",
                          "en": "topic {n} (week {week}): pending"},
    "rp_status_implemented": {"nl": "onderwerp {n} (week {week}): uitgevoerd in week {done}",
                              "en": "topic {n} (week {week}): implemented in week {done}"},
    "rp_status_blocked": {"nl": "onderwerp {n} (week {week}): geblokkeerd in week {done}",
                          "en": "topic {n} (week {week}): blocked in week {done}"},
    "rp_dropped": {"nl": "Je deelnemer is afgehaakt", "en": "Your participant dropped out"},
    # sweep reports: an unfinished sweep says so
    "report_runs_of": {"nl": "{done} van de {planned}", "en": "{done} of {planned}"},
    "report_partial": {
        "nl": "Let op: deze sweep is niet af. Pas {done} van de {planned} runs zijn klaar; alle "
              "cijfers hieronder gaan alleen over wat klaar is en kunnen nog veranderen.",
        "en": "Note: this sweep is unfinished. Only {done} of {planned} runs are done; every "
              "figure below covers only what is done and may still change."},
    "report_missing": {"nl": "Nog zonder runs, en daarom niet in dit rapport: {arms}.",
                       "en": "No runs yet, and therefore not in this report: {arms}."},
    "report_col_variant": {"nl": "variant", "en": "variant"},
    "report_col_done": {"nl": "klaar", "en": "done"},
    "report_col_planned": {"nl": "gepland", "en": "planned"},
    "report_col_failed": {"nl": "mislukt", "en": "failed"},
    # every parameter and channel of an intervention (the "more settings" part of its card)
    "advanced": {"nl": "Meer instellingen", "en": "More settings"},
    "allowed_range": {"nl": "Toegestaan: {lo} tot {hi}", "en": "Allowed: {lo} to {hi}"},
    "channels": {"nl": "Werkt via (uitzetten om het effect te ontleden)",
                 "en": "Acts through (switch off to take the effect apart)"},
    "par_role_reversal_perspective_gain": {"nl": "Perspectiefwinst per sessie",
                                           "en": "Perspective gained per session"},
    "par_role_reversal_power_emphasis": {"nl": "Extra winst voor de machtigen",
                                         "en": "Extra gain for the powerful"},
    "par_role_reversal_listening": {"nl": "Beter luisteren", "en": "Better listening"},
    "par_role_reversal_half_life": {"nl": "Halfwaardetijd (weken)", "en": "Half-life (weeks)"},
    "par_role_reversal_time_cost": {"nl": "Vergadertijd voor het spel",
                                    "en": "Meeting time the play takes"},
    "par_process_director_equalisation": {"nl": "Spreektijd gelijker verdelen",
                                          "en": "Equalising speaking time"},
    "par_process_director_bridging": {"nl": "Bruggen tussen logica's",
                                      "en": "Bridging between logics"},
    "par_process_director_persistence": {"nl": "Onderwerpen langer op tafel",
                                         "en": "Items kept on the table longer"},
    "par_process_director_follow_up": {"nl": "Opvolging naar de uitvoering",
                                       "en": "Follow-up towards execution"},
    "par_process_director_bias": {"nl": "Eigen agenda (gewicht in de zaal)",
                                  "en": "Own agenda (weight in the room)"},
    "par_process_director_position": {"nl": "Eigen standpunt van de regisseur",
                                      "en": "The director's own position"},
    "par_citizen_panel_size": {"nl": "Aantal gelote bewoners", "en": "Residents drawn"},
    "par_citizen_panel_strata": {"nl": "Aantal lagen (strata)", "en": "Strata"},
    "par_citizen_panel_acceptance": {"nl": "Kans dat een gelote bewoner komt",
                                     "en": "Chance a drawn resident attends"},
    "par_mayor_escalation": {"nl": "Kans op opschalen naar de burgemeester",
                             "en": "Chance of escalation to the mayor"},
    "par_mayor_backing": {"nl": "Steun van bovenaf", "en": "Backing from above"},
    "par_mayor_hierarchy": {"nl": "Extra hiërarchie in de zaal",
                            "en": "Extra hierarchy in the room"},
    "par_social_contract_kept_weight": {"nl": "Extra vertrouwen bij een nagekomen belofte",
                                        "en": "Extra trust from a promise kept"},
    "par_social_contract_breach_weight": {"nl": "Extra verlies bij een gebroken belofte",
                                          "en": "Extra loss from a promise broken"},
    "par_social_contract_commitment": {"nl": "Groei van de betrokkenheid per week",
                                       "en": "Growth of commitment per week"},
    "par_steering_group_alignment": {"nl": "Afstemming bestuur en uitvoering",
                                     "en": "Alignment of administration and execution"},
    "par_steering_group_direct_line": {"nl": "Korte lijn naar boven", "en": "Direct line upward"},
    "par_horizontal_agreements_friction_reduction": {"nl": "Minder wrijving tussen logica's",
                                                     "en": "Less friction between logics"},
    "par_horizontal_agreements_sharing_lift": {"nl": "Meer informatie delen",
                                               "en": "More information sharing"},
    "ch_role_reversal_listening": {"nl": "beter luisteren", "en": "listening"},
    "ch_role_reversal_experienced_power": {"nl": "machtsverschil minder voelen",
                                           "en": "feeling the power gap less"},
    "ch_role_reversal_session_time": {"nl": "tijd voor het spel", "en": "time for the play"},
    "ch_process_director_turns": {"nl": "spreekbeurten", "en": "speaking turns"},
    "ch_process_director_bridging": {"nl": "bruggen slaan", "en": "bridging"},
    "ch_process_director_persistence": {"nl": "onderwerpen vasthouden", "en": "persistence"},
    "ch_process_director_follow_up": {"nl": "opvolging", "en": "follow-up"},
    "ch_process_director_chairing": {"nl": "voorzitten", "en": "chairing"},
    "ch_process_director_own_voice": {"nl": "eigen stem", "en": "own voice"},
    "ch_citizen_panel_selection": {"nl": "selectie door loting", "en": "selection by lot"},
    "ch_mayor_escalation": {"nl": "opschalen", "en": "escalation"},
    "ch_mayor_backing": {"nl": "steun van bovenaf", "en": "backing"},
    "ch_mayor_hierarchy": {"nl": "hiërarchie", "en": "hierarchy"},
    "ch_social_contract_promises": {"nl": "beloftes", "en": "promises"},
    "ch_social_contract_commitment": {"nl": "betrokkenheid", "en": "commitment"},
    "ch_steering_group_alignment": {"nl": "afstemming", "en": "alignment"},
    "ch_steering_group_direct_line": {"nl": "korte lijn", "en": "direct line"},
    "ch_horizontal_agreements_friction": {"nl": "minder wrijving", "en": "less friction"},
    "ch_horizontal_agreements_sharing": {"nl": "informatie delen", "en": "information sharing"},
    # chart axes, and the twin house's series on hover
    "axis_share": {"nl": "aandeel", "en": "share"},
    "axis_gini": {"nl": "Gini (0 = gelijk)", "en": "Gini (0 = equal)"},
    "axis_trust": {"nl": "vertrouwen", "en": "trust"},
    "axis_satisfaction": {"nl": "tevredenheid", "en": "satisfaction"},
    "axis_residents": {"nl": "bewoners", "en": "residents"},
    "axis_count": {"nl": "aantal", "en": "number"},
    "twin_series": {"nl": "(zonder)", "en": "(without)"},
    # validation problems: the English is the model's own wording (simulation/house/scenario.py,
    # simulation/interventions/), the Dutch says the same; `problem_text` in app/views.py matches
    # a message against the English and writes the Dutch with the message's own values. Tried in
    # this order: a message's suffixes first, the catch-all `Input should be {options}` last.
    "err_value_error": {"nl": "{message}", "en": "Value error, {message}"},
    "err_set_in": {"nl": "{message} (ingesteld in {file})", "en": "{message} (set in {file})"},
    "err_allowed_range": {"nl": "{message} (toegestaan: {lo} tot {hi})",
                          "en": "{message} (allowed: {lo} to {hi})"},
    "err_allowed_least": {"nl": "{message} (toegestaan: minstens {lo})",
                          "en": "{message} (allowed: at least {lo})"},
    "err_le": {"nl": "moet hoogstens {hi} zijn",
               "en": "Input should be less than or equal to {hi}"},
    "err_ge": {"nl": "moet minstens {lo} zijn",
               "en": "Input should be greater than or equal to {lo}"},
    "err_number": {"nl": "moet een getal zijn", "en": "Input should be a valid number"},
    "err_finite": {"nl": "moet een eindig getal zijn", "en": "Input should be a finite number"},
    "err_integer": {"nl": "moet een geheel getal zijn", "en": "Input should be a valid integer"},
    "err_boolean": {"nl": "moet true of false zijn", "en": "Input should be a valid boolean"},
    "err_string": {"nl": "moet tekst tussen aanhalingstekens zijn",
                   "en": "Input should be a valid string"},
    "err_table": {"nl": "moet een tabel zijn (van het soort {kind})",
                  "en": "Input should be a valid dictionary or instance of {kind}"},
    "err_options": {"nl": "moet een van deze zijn: {options}", "en": "Input should be {options}"},
    "err_unknown_key": {"nl": "onbekende sleutel; hier toegestaan: {keys}",
                        "en": "unknown key; allowed here: {keys}"},
    "err_unknown_channel": {"nl": "onbekend kanaal {unknown}; bekende kanalen: {known}",
                            "en": "unknown channel {unknown}; known channels: {known}"},
    "err_channel_list": {"nl": "moet een lijst van kanaalnamen zijn; bekende kanalen: {known}",
                         "en": "must be a list of channel names; known channels: {known}"},
    "err_end_after_start": {"nl": "het einde ({end}) moet na het begin ({start}) liggen",
                            "en": "end ({end}) must be after start ({start})"},
    "err_after_last_week": {"nl": "{start} ligt na de laatste week, run.steps ({steps})",
                            "en": "{start} is after the last week, run.steps ({steps})"},
    "err_more_than_residents": {
        "nl": "{size} is meer dan de {residents} bewoners; toegestaan: hoogstens "
              "population.residents",
        "en": "{size} is more than the {residents} residents; allowed: at most "
              "population.residents"},
    "err_more_than_participants": {
        "nl": "{capacity} is meer dan de {total} deelnemers; toegestaan: hoogstens bewoners + "
              "professionals + ambtenaren + bestuurders + andere partijen",
        "en": "{capacity} is more than the {total} participants; allowed: at most residents + "
              "professionals + officials + administrators + others"},
    "err_logic_weights": {"nl": "minstens één gewicht van een logica moet boven 0 liggen",
                          "en": "at least one logic weight must be above 0"},
    "err_too_large": {"nl": "{size} is te groot; toegestaan: hoogstens {limit}",
                      "en": "{size} is too large; allowed: at most {limit}"},
    "err_more_than": {"nl": "meer dan {size}", "en": "more than {size}"},
    "err_not_utf8": {"nl": "is geen UTF-8-tekst (byte {byte}); toegestaan: een TOML-tekstbestand",
                     "en": "is not UTF-8 text (byte {byte}); allowed: a TOML text file"},
    "err_too_deep": {"nl": "tabellen en lijsten zijn te diep genest; toegestaan: hoogstens "
                           "{levels} niveaus",
                     "en": "tables and arrays nest too deeply; allowed: at most {levels} levels"},
    "err_toml": {"nl": "geen geldige TOML: {reason}", "en": "not valid TOML: {reason}"},
    "err_extends_shipped": {
        "nl": "alleen een meegeleverd scenario kan hier worden uitgebreid; toegestaan: {names}",
        "en": "only a shipped scenario can be extended here; allowed: {names}"},
    "err_app_error": {"nl": "kan niet worden gelezen: een fout in de app (details in het "
                            "serverlog)",
                      "en": "cannot be read: an error in the app (the server log has the "
                            "details)"},
    "err_damaged": {"nl": "kwam beschadigd aan; kies het opnieuw",
                    "en": "arrived damaged; choose it again"},
    "err_more_problem": {"nl": "... en nog 1 probleem", "en": "... and 1 more problem"},
    "err_more_problems": {"nl": "... en nog {n} problemen", "en": "... and {n} more problems"},
    "field_file": {"nl": "(bestand)", "en": "(file)"},
    "field_syntax": {"nl": "(syntaxis)", "en": "(syntax)"},
    "field_top_level": {"nl": "(bovenste niveau)", "en": "(top level)"},
    "or": {"nl": "of", "en": "or"},
    # the intake (`samensturing house new`): questions about a house, in plain words
    "intake_intro": {
        "nl": "Beschrijf je eigen huis van de wijk in een paar vragen. Elk antwoord wordt een "
              "beste schatting en een bereik; bij 'weet ik niet' wordt het bereik breed. "
              "Enter kiest 'weet ik niet'.",
        "en": "Describe your own neighbourhood house in a few questions. Each answer becomes a "
              "best guess and a range; 'don't know' gives a wide range. Enter chooses "
              "'don't know'."},
    "intake_ask_name": {"nl": "Hoe heet het huis?", "en": "What is the house called?"},
    "intake_default_name": {"nl": "ons huis van de wijk", "en": "our neighbourhood house"},
    "intake_pick": {"nl": "Kies een nummer", "en": "Choose a number"},
    "intake_written": {"nl": "geschreven: {path} (geldig). Draaien: samensturing run {path}",
                       "en": "written: {path} (valid). Run it: samensturing run {path}"},
    "intake_no_answers": {"nl": "geen antwoorden: start in een terminal of geef --answers BESTAND",
                          "en": "no answers: run in a terminal or give --answers FILE"},
    "intake_exists": {"nl": "{path} bestaat al; kies een andere naam of gebruik --force",
                      "en": "{path} already exists; choose another name or use --force"},
    "intake_description": {
        "nl": "Beschreven met de intake (samensturing house new): schattingen van een praktijk"
              "werker, met een bereik voor wat onzeker is.",
        "en": "Described with the intake (samensturing house new): a practitioner's estimates, "
              "with a range for what is uncertain."},
    "intake_header": {
        "nl": "Ons huis van de wijk, beschreven met `samensturing house new`.\n\n"
              "Elke waarde hieronder komt uit een antwoord (de vraag staat erboven); alles wat "
              "hier niet staat\nkrijgt de standaardwaarde van het model (docs/model.md, of "
              "`samensturing params`).\nDe waarden zijn de beste schatting: die gebruikt een "
              "gewone run, op de opdrachtregel en in de app.\nJe mag alles met de hand "
              "aanpassen; `samensturing validate BESTAND` controleert het (docs/practitioners.md).",
        "en": "Our neighbourhood house, described with `samensturing house new`.\n\n"
              "Each value below comes from an answer (the question is above it); everything not "
              "named here\ntakes the model's default (docs/model.md, or `samensturing params`).\n"
              "The values are the best guess: a plain run uses them, on the command line and in "
              "the app.\nYou may edit anything by hand; `samensturing validate FILE` checks it "
              "(docs/practitioners.md)."},
    "intake_ranges": {
        "nl": "Onzekerheid: per waarde het bereik [laag, hoog] waarbinnen het huis waarschijnlijk "
              "ligt.\nEen gewone run gebruikt alleen de schatting hierboven; de verkenner "
              "probeert huizen binnen deze bereiken.",
        "en": "Uncertainty: per value the range [low, high] the house probably lies within.\n"
              "A plain run uses only the best guess above; the explorer tries houses within "
              "these ranges."},
    "intake_unknown": {"nl": "weet ik niet", "en": "don't know"},
    "intake_amount_low": {"nl": "weinig", "en": "few"},
    "intake_amount_mid": {"nl": "gemiddeld", "en": "average"},
    "intake_amount_high": {"nl": "veel", "en": "many"},
    "intake_strength_low": {"nl": "zwak", "en": "weak"},
    "intake_strength_mid": {"nl": "gemiddeld", "en": "moderate"},
    "intake_strength_high": {"nl": "sterk", "en": "strong"},
    "intake_often_low": {"nl": "zelden", "en": "rarely"},
    "intake_often_mid": {"nl": "soms", "en": "sometimes"},
    "intake_often_high": {"nl": "vaak", "en": "often"},
    "intake_conflict_low": {"nl": "nee", "en": "none"},
    "intake_conflict_mid": {"nl": "een beetje", "en": "some"},
    "intake_conflict_high": {"nl": "veel", "en": "a lot"},
    "intake_distance_low": {"nl": "dicht bij elkaar", "en": "close together"},
    "intake_distance_mid": {"nl": "wat uit elkaar", "en": "somewhat apart"},
    "intake_distance_high": {"nl": "ver uit elkaar", "en": "far apart"},
    "intake_steering_group_yes": {"nl": "ja", "en": "yes"},
    "intake_steering_group_no": {"nl": "nee", "en": "no"},
    "intake_decision_rule_majority": {"nl": "meerderheid van stemmen", "en": "majority vote"},
    "intake_decision_rule_consent": {"nl": "consent (niemand heeft overwegend bezwaar)",
                                     "en": "consent (nobody has an overriding objection)"},
    "intake_decision_rule_consensus": {"nl": "consensus (iedereen is het eens)",
                                       "en": "consensus (everybody agrees)"},
    "intake_decision_rule_chair": {"nl": "de voorzitter beslist", "en": "the chair decides"},
    "intake_q_residents": {"nl": "Hoeveel bewoners doen mee met het huis (komen wel eens naar een "
                                 "bijeenkomst)?",
                           "en": "How many residents take part in the house (come to a meeting "
                                 "now and then)?"},
    "intake_h_residents": {"nl": "Het aantal bewoners dat kan komen; per week komt een deel.",
                           "en": "The number of residents who may come; each week some do."},
    "intake_q_municipality": {"nl": "Hoe sterk is de gemeente in de zaal (mandaat, geld, kennis) "
                                    "tegenover de bewoners?",
                              "en": "How strong is the municipality in the room (mandate, money, "
                                    "knowledge) compared with the residents?"},
    "intake_h_municipality": {"nl": "Hoe ver de macht van bewoners onder die van ambtenaren ligt.",
                              "en": "How far residents' power falls below the officials'."},
    "intake_q_conflict": {"nl": "Is er een geschiedenis van conflict tussen bewoners en "
                                "instellingen?",
                          "en": "Is there a history of conflict between residents and "
                                "institutions?"},
    "intake_h_conflict": {"nl": "Oud conflict verlaagt het vertrouwen tussen de groepen bij de "
                                "start.",
                          "en": "Past conflict lowers the trust between the groups at the "
                                "start."},
    "intake_q_steering_group": {"nl": "Is er een gezamenlijke stuurgroep van bestuur en "
                                      "uitvoerende organisaties?",
                                "en": "Is there a joint steering group of the administration and "
                                      "the executing organisations?"},
    "intake_h_steering_group": {"nl": "Ja zet de interventie 'gezamenlijke stuurgroep' aan; "
                                      "'weet ik niet' laat hem uit (een schakelaar heeft geen "
                                      "bereik).",
                                "en": "Yes switches on the 'joint steering group' intervention; "
                                      "'don't know' leaves it off (a switch has no range)."},
    "intake_q_stuck": {"nl": "Hoe vaak lopen besluiten van het huis vast 'boven', bij de "
                             "organisaties of het bestuur?",
                       "en": "How often do the house's decisions get stuck 'upstairs', with the "
                             "organisations or the administration?"},
    "intake_h_stuck": {"nl": "De kans dat een besluit de stap van uitvoering naar bestuur haalt.",
                       "en": "The chance that a decision passes from execution to "
                             "administration."},
    "intake_q_trust": {"nl": "Hoeveel vertrouwen hebben bewoners in de instellingen?",
                       "en": "How much do residents trust the institutions?"},
    "intake_h_trust": {"nl": "Het vertrouwen tussen de groepen bij de start.",
                       "en": "The trust between the groups at the start."},
    "intake_q_sharing": {"nl": "Hoeveel informatie delen organisaties met elkaar en met "
                               "bewoners?",
                         "en": "How much information do organisations share with each other "
                               "and with residents?"},
    "intake_h_sharing": {"nl": "De gemiddelde bereidheid om informatie te delen.",
                         "en": "The mean willingness to share information."},
    "intake_q_decision_rule": {"nl": "Hoe neemt het huis besluiten?",
                               "en": "How does the house decide?"},
    "intake_h_decision_rule": {"nl": "'Weet ik niet' houdt consent, zoals het basishuis (een "
                                     "besluitregel heeft geen bereik).",
                               "en": "'Don't know' keeps consent, like the baseline house (a "
                                     "decision rule has no range)."},
    "intake_q_silence": {"nl": "Hoe vaak zwijgen bewoners als professionals en ambtenaren het "
                               "woord voeren?",
                         "en": "How often do residents fall silent when professionals and "
                               "officials do the talking?"},
    "intake_h_silence": {"nl": "Hoe sterk een gevoeld machtsverschil iemand stil maakt.",
                         "en": "How much a felt power gap silences someone."},
    "intake_q_usual_suspects": {"nl": "Hoe vaak komen steeds dezelfde mondige bewoners (de "
                                      "'usual suspects')?",
                                "en": "How much is it always the same outspoken residents who "
                                      "come (the 'usual suspects')?"},
    "intake_h_usual_suspects": {"nl": "Hoe sterk kennis en uitgesproken standpunten de opkomst "
                                      "van bewoners bepalen.",
                                "en": "How much knowledge and outspoken views drive residents' "
                                      "attendance."},
    "intake_q_distance": {"nl": "Hoe ver liggen de wensen van bewoners en gemeente uit elkaar?",
                          "en": "How far apart are what residents and the municipality want?"},
    "intake_h_distance": {"nl": "Het beginstandpunt van bewoners; dat van ambtenaren blijft "
                                "gelijk.",
                          "en": "Residents' starting position; the officials' stays the same."},
    "intake_q_staff": {"nl": "Hoe betrokken zijn de professionals en ambtenaren bij het huis?",
                       "en": "How engaged are the professionals and officials in the house?"},
    "intake_h_staff": {"nl": "Hun betrokkenheid bij de start; die bepaalt mee of ze komen.",
                       "en": "Their engagement at the start; it helps decide whether they "
                             "come."},
    "intake_q_contact": {"nl": "Hoe vaak spreken bewoners elkaar buiten het huis (op straat, "
                               "in de buurt)?",
                         "en": "How often do residents talk to each other outside the house "
                               "(in the street, the neighbourhood)?"},
    "intake_h_contact": {"nl": "Het deel van de bewoners dat per week een andere bewoner spreekt.",
                         "en": "The share of residents who talk to another resident in a "
                               "week."},
}

# Units of the parameters' ranges as an error message names them ("allowed: 0 to 1 share").
UNITS_NL: dict[str, str] = {
    "1/week": "per week", "Beta concentration": "Beta-concentratie",
    "Dirichlet concentration": "Dirichlet-concentratie", "attempts": "pogingen",
    "clearance points": "toetsmomenten", "experience": "ervaring", "exponent": "exponent",
    "factor": "factor", "items": "onderwerpen", "meeting experiences": "vergaderervaringen",
    "meetings": "vergaderingen", "multiple": "veelvoud",
    "multiple of tolerance": "veelvoud van de tolerantie",
    "per unit of position distance": "per eenheid standpuntafstand",
    "per unit of trust": "per eenheid vertrouwen",
    "per week per unit of disappointment": "per week per eenheid teleurstelling",
    "persons": "personen", "position": "standpunt", "position distance": "standpuntafstand",
    "probability": "kans", "relative weight": "relatief gewicht", "residents": "bewoners",
    "rounds": "rondes", "share": "aandeel", "share of maximum": "aandeel van het maximum",
    "share of the room": "aandeel van de zaal",
    "share of those present": "aandeel van de aanwezigen",
    "share per decision": "aandeel per besluit", "share per event": "aandeel per gebeurtenis",
    "share per meeting": "aandeel per vergadering",
    "share per small win": "aandeel per kleine winst",
    "share per week": "aandeel per week", "strata": "lagen", "switch": "schakelaar",
    "turns": "spreekbeurten", "week": "week", "weeks": "weken", "weight": "gewicht",
}

# The shipped scenarios (scenarios/*.toml, by file name) as the app lists them. The English
# description is the file's own `meta.description`; the Dutch one is here, beside the names.
SCENARIO_NAMES: dict[str, dict[Lang, str]] = {
    "archetype_backed_house": {"nl": "Archetype: huis met steun van boven",
                               "en": "Archetype: backed house"},
    "archetype_conflict_history": {"nl": "Archetype: conflict uit het verleden",
                                   "en": "Archetype: a history of conflict"},
    "archetype_horizontal_without_vertical": {"nl": "Archetype: horizontaal zonder verticaal",
                                              "en": "Archetype: horizontal without vertical"},
    "archetype_unequal_house": {"nl": "Archetype: ongelijk huis", "en": "Archetype: unequal house"},
    "baseline": {"nl": "Basishuis", "en": "Baseline house"},
    "biased_director": {"nl": "Regisseur met eigen agenda", "en": "Biased process director"},
    "citizen_panel": {"nl": "Burgerpanel", "en": "Citizen panel"},
    "director_and_role_reversal": {"nl": "Regisseur en rollenwissel",
                                   "en": "Director and role reversal"},
    "horizontal_agreements": {"nl": "Horizontale afspraken", "en": "Horizontal agreements"},
    "mayor": {"nl": "Burgemeester", "en": "Mayor"},
    "panel_and_director": {"nl": "Burgerpanel en regisseur", "en": "Panel and director"},
    "process_director": {"nl": "Procesregisseur", "en": "Process director"},
    "role_reversal": {"nl": "Rollenwissel", "en": "Role reversal"},
    "social_contract": {"nl": "Lokaal sociaal contract", "en": "Local social contract"},
    "steering_group": {"nl": "Gezamenlijke stuurgroep", "en": "Joint steering group"},
    "vertical_backing": {"nl": "Verticale steun", "en": "Vertical backing"},
}
SCENARIO_DESCRIPTIONS_NL: dict[str, str] = {
    "archetype_backed_house": "Korte, steunende verticale lijnen: de meeste besluiten worden snel "
                              "uitgevoerd.",
    "archetype_conflict_history": "Weinig vertrouwen tussen de groepen bij de start, en weinig "
                                  "bereidheid om elkaar een besluit te gunnen.",
    "archetype_horizontal_without_vertical": "Horizontaal eens in het huis, maar zwakke "
                                             "verticale lijnen: weinig besluiten worden "
                                             "uitgevoerd.",
    "archetype_unequal_house": "Grote machtsongelijkheid, die nog groter gevoeld wordt dan ze is.",
    "baseline": "Een gewoon huis van de wijk: consent, een matige machtsongelijkheid en geen "
                "interventies.",
    "biased_director": "Een procesregisseur die het huis naar de lijn van de gemeente trekt.",
    "citizen_panel": "Het basishuis, waarin de plaatsen van de bewoners naar een wisselend panel "
                     "gaan, gestratificeerd geloot.",
    "director_and_role_reversal": "Elke maand een rollenwissel, en bij elke vergadering een "
                                  "neutrale procesregisseur.",
    "horizontal_agreements": "Het basishuis, waarin de organisaties afspraken maken over de "
                             "schotten heen: minder wrijving, meer informatie delen.",
    "mayor": "Het basishuis met steun van de burgemeester: opschalen naar boven, meer hiërarchie "
             "in de zaal.",
    "panel_and_director": "Een wisselend burgerpanel met een neutrale procesregisseur.",
    "process_director": "Het basishuis met een neutrale, onafhankelijke procesregisseur.",
    "role_reversal": "Het basishuis met elke maand een speelse sessie waarin de deelnemers van "
                     "rol wisselen.",
    "social_contract": "Het basishuis met uitgesproken wederzijdse toezeggingen: een nagekomen "
                       "belofte telt dubbel, en een gebroken belofte ook.",
    "steering_group": "Het basishuis met een gezamenlijke stuurgroep van bestuur en uitvoering.",
    "vertical_backing": "Het basishuis met burgemeester, gezamenlijke stuurgroep en lokaal "
                        "sociaal contract.",
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = TEXTS[key][lang]
    return text.format(**values) if values else text


def scenario_name(name: str, lang: Lang) -> str:
    """A shipped scenario as the app lists it, its file name in brackets (the CLI, the docs and
    `extends` name it so); any other name (an upload) as it is."""
    names = SCENARIO_NAMES.get(name)
    return f"{names[lang]} ({name})" if names else name


def scenario_description(name: str, lang: Lang, english: str) -> str:
    """A scenario's description in `lang`; `english` is the file's own `meta.description`."""
    return SCENARIO_DESCRIPTIONS_NL.get(name, english) if lang == "nl" else english
