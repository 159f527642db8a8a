"""Every text the classroom app shows, in Dutch (the default: classes are Dutch) and English.

One table keyed by a short id keeps the two languages side by side, so a missing translation is a
test failure rather than an English word in a Dutch class.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: dict[Lang, str] = {"nl": "Nederlands", "en": "English"}
DEFAULT_LANG: Lang = "nl"

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
    # house parameters
    "seed": {"nl": "Startgetal (seed)", "en": "Random seed"},
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
    "seat": {"nl": "{role} · macht {power:.2f} · {turns} spreekbeurten",
             "en": "{role} · power {power:.2f} · {turns} speaking turns"},
    "role_resident": {"nl": "bewoner", "en": "resident"},
    "role_professional": {"nl": "professional", "en": "professional"},
    "role_official": {"nl": "ambtenaar", "en": "official"},
    "role_administrator": {"nl": "bestuurder", "en": "administrator"},
    "role_other": {"nl": "andere partij", "en": "other party"},
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
    "iv_mayor_source": {"nl": "Tweede brontekst (seeds/); Bitterman & Koliba 2020",
                        "en": "Second seed text (seeds/); Bitterman & Koliba 2020"},
    "iv_social_contract": {"nl": "Lokaal sociaal contract", "en": "Local social contract"},
    "iv_social_contract_text": {
        "nl": "Partijen leggen wederzijdse toezeggingen vast. Nagekomen beloftes vergroten het "
              "vertrouwen, gebroken beloftes kosten het.",
        "en": "Parties write down mutual commitments. Promises kept raise trust, promises "
              "broken cost it."},
    "iv_social_contract_source": {"nl": "Tweede brontekst (seeds/); Ansell & Gash 2008",
                                  "en": "Second seed text (seeds/); Ansell & Gash 2008"},
    "iv_steering_group": {"nl": "Gezamenlijke stuurgroep", "en": "Joint steering group"},
    "iv_steering_group_text": {
        "nl": "Bestuurders en uitvoerders stemmen samen af, zodat besluiten minder vaak "
              "stranden tussen bestuur en uitvoering.",
        "en": "Administrators and executors align, so decisions fail less often between "
              "administration and execution."},
    "iv_steering_group_source": {"nl": "Tweede brontekst (seeds/); Emerson e.a. 2012",
                                 "en": "Second seed text (seeds/); Emerson et al. 2012"},
    "iv_horizontal_agreements": {"nl": "Horizontale afspraken", "en": "Horizontal agreements"},
    "iv_horizontal_agreements_text": {
        "nl": "Organisaties maken afspraken over de schotten heen (ontschotting): minder "
              "wrijving tussen logica's en meer informatie delen tussen professionals en "
              "ambtenaren.",
        "en": "Organisations agree across silos: less friction between logics and more "
              "information sharing among professionals and officials."},
    "iv_horizontal_agreements_source": {"nl": "Tweede brontekst (seeds/)",
                                        "en": "Second seed text (seeds/)"},
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
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = TEXTS[key][lang]
    return text.format(**values) if values else text
