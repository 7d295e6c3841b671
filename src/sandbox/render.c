/* render.c - see render.h.
 *
 * Wording is paraphrased from ssr-content.md (level descriptors §1.11, ELPAC levels §2.4,
 * Initial ELPAC §2.6); every page says it is synthetic sandbox data. */
#include "sandbox/render.h"

#include <stdio.h>
#include <string.h>

#include "sandbox/pdf.h"

/* ---- code tables ------------------------------------------------------------------ */

static const char *const TYPE_CODES[SBX_TYPE_COUNT] = {"CAASPP", "CAST", "ESA", "EIA"};
static const char *const FORMAT_CODES[SBX_FMT_COUNT] = {"PDF", "HTML", "VIDEO"};

const char *sbx_type_code(enum sbx_type t) {
  return t < SBX_TYPE_COUNT ? TYPE_CODES[t] : "?";
}

const char *sbx_format_code(enum sbx_format f) {
  return f < SBX_FMT_COUNT ? FORMAT_CODES[f] : "?";
}

/* Labels of one language. sb[] and sb2026[] are indexed by level - 1. */
struct lang_text {
  const char *code, *html_lang, *english_name;
  bool rtl;
  const char *title, *student, *grade, *kindergarten, *school, *lea, *year, *test;
  const char *scale_score, *level, *achievement, *history, *range;
  const char *ela, *math, *science, *elp;
  const char *video, *script, *sandbox, *shared;
  const char *sb[4], *sb2026[4];
};

static const struct lang_text LANGS[SBX_LANG_COUNT] = {
    {"EN",
     "en",
     "English",
     false,
     "Student Score Report",
     "Student",
     "Grade",
     "Kindergarten",
     "School",
     "Local educational agency",
     "School year",
     "Test",
     "Scale score",
     "Level",
     "Achievement level",
     "Score history",
     "Score range",
     "English Language Arts/Literacy",
     "Mathematics",
     "Science",
     "English Language Proficiency",
     "Video Score Report",
     "Narration script",
     "Synthetic sandbox data: not a real student.",
     "Shared sample report: it stands for every sandbox student with the same test, year, "
     "grade, language and level.",
     {"Standard Not Met", "Standard Nearly Met", "Standard Met", "Standard Exceeded"},
     {"Minimal", "Developing", "Proficient", "Advanced"}},
    {"ES",
     "es",
     "Spanish",
     false,
     "Informe de Calificaciones del Estudiante",
     "Estudiante",
     "Grado",
     "Kínder",
     "Escuela",
     "Agencia de educación local",
     "Año escolar",
     "Prueba",
     "Puntuación en escala",
     "Nivel",
     "Nivel de logro",
     "Historial de puntuaciones",
     "Rango de puntuación",
     "Artes del Lenguaje en Inglés/Lectoescritura",
     "Matemáticas",
     "Ciencias",
     "Dominio del Idioma Inglés",
     "Informe de Calificaciones en Video",
     "Guion de la narración",
     "Datos sintéticos de prueba: no es un estudiante real.",
     "Informe de muestra compartido: representa a todos los estudiantes de prueba con la "
     "misma prueba, año, grado, idioma y nivel.",
     {"No cumplió la norma", "Casi cumplió la norma", "Cumplió la norma", "Superó la norma"},
     {"Mínimo", "En desarrollo", "Competente", "Avanzado"}},
    {"VI",
     "vi",
     "Vietnamese",
     false,
     "Báo Cáo Điểm của Học Sinh",
     "Học sinh",
     "Lớp",
     "Mẫu giáo",
     "Trường",
     "Cơ quan giáo dục địa phương",
     "Năm học",
     "Bài kiểm tra",
     "Điểm quy đổi",
     "Mức",
     "Mức độ thành tích",
     "Lịch sử điểm",
     "Khoảng điểm",
     "Ngữ Văn Tiếng Anh/Đọc Viết",
     "Toán",
     "Khoa học",
     "Trình độ Tiếng Anh",
     "Báo Cáo Điểm Dạng Video",
     "Kịch bản lời thuyết minh",
     "Dữ liệu thử nghiệm tổng hợp: không phải học sinh thật.",
     "Báo cáo mẫu dùng chung: đại diện cho mọi học sinh thử nghiệm có cùng bài kiểm tra, "
     "năm, lớp, ngôn ngữ và mức.",
     {"Chưa đạt tiêu chuẩn", "Gần đạt tiêu chuẩn", "Đạt tiêu chuẩn", "Vượt tiêu chuẩn"},
     {"Tối thiểu", "Đang phát triển", "Thành thạo", "Nâng cao"}},
    {"ZH",
     "zh-Hant",
     "Chinese (Traditional)",
     false,
     "學生成績報告",
     "學生",
     "年級",
     "幼稚園",
     "學校",
     "地方教育機構",
     "學年",
     "測驗",
     "量尺分數",
     "等級",
     "成就等級",
     "成績歷史",
     "分數範圍",
     "英語語言藝術／讀寫能力",
     "數學",
     "科學",
     "英語能力",
     "影片成績報告",
     "旁白腳本",
     "合成的測試資料：並非真實學生。",
     "共用範例報告：代表所有相同測驗、學年、年級、語言和等級的測試學生。",
     {"未達到標準", "接近達到標準", "達到標準", "超過標準"},
     {"最低", "發展中", "精熟", "進階"}},
    {"FL",
     "fil",
     "Filipino",
     false,
     "Ulat ng Iskor ng Mag-aaral",
     "Mag-aaral",
     "Baitang",
     "Kindergarten",
     "Paaralan",
     "Lokal na ahensiyang pang-edukasyon",
     "Taon ng pag-aaral",
     "Pagsusulit",
     "Iskor sa iskala",
     "Antas",
     "Antas ng tagumpay",
     "Kasaysayan ng iskor",
     "Saklaw ng iskor",
     "Sining ng Wikang Ingles/Literasiya",
     "Matematika",
     "Agham",
     "Kahusayan sa Wikang Ingles",
     "Ulat ng Iskor sa Video",
     "Iskrip ng pagsasalaysay",
     "Sintetikong datos ng sandbox: hindi tunay na mag-aaral.",
     "Ibinahaging halimbawang ulat: kumakatawan sa bawat mag-aaral ng sandbox na may "
     "parehong pagsusulit, taon, baitang, wika at antas.",
     {"Hindi Naabot ang Pamantayan", "Halos Naabot ang Pamantayan", "Naabot ang Pamantayan",
      "Nalampasan ang Pamantayan"},
     {"Minimal", "Umuunlad", "Bihasa", "Abanse"}},
    {"KR",
     "ko",
     "Korean",
     false,
     "학생 성적 보고서",
     "학생",
     "학년",
     "유치원",
     "학교",
     "지역 교육 기관",
     "학년도",
     "시험",
     "척도 점수",
     "수준",
     "성취 수준",
     "점수 기록",
     "점수 범위",
     "영어 언어 과목/문해력",
     "수학",
     "과학",
     "영어 능숙도",
     "동영상 성적 보고서",
     "내레이션 대본",
     "합성 샌드박스 데이터: 실제 학생이 아닙니다.",
     "공유 샘플 보고서: 같은 시험, 연도, 학년, 언어, 수준의 모든 샌드박스 학생을 나타냅니다.",
     {"기준 미달", "기준 거의 충족", "기준 충족", "기준 초과"},
     {"최소", "발전 중", "숙달", "우수"}},
    {"AR",
     "ar",
     "Arabic",
     true,
     "تقرير درجات الطالب",
     "الطالب",
     "الصف",
     "روضة الأطفال",
     "المدرسة",
     "الوكالة التعليمية المحلية",
     "العام الدراسي",
     "الاختبار",
     "الدرجة القياسية",
     "المستوى",
     "مستوى التحصيل",
     "سجل الدرجات",
     "نطاق الدرجات",
     "فنون اللغة الإنجليزية/القراءة والكتابة",
     "الرياضيات",
     "العلوم",
     "إتقان اللغة الإنجليزية",
     "تقرير الدرجات بالفيديو",
     "نص التعليق الصوتي",
     "بيانات تجريبية مصطنعة: ليس طالبًا حقيقيًا.",
     "تقرير نموذجي مشترك: يمثل كل طالب تجريبي له نفس الاختبار والعام والصف واللغة والمستوى.",
     {"لم يستوفِ المعيار", "اقترب من استيفاء المعيار", "استوفى المعيار", "تجاوز المعيار"},
     {"الحد الأدنى", "في طور النمو", "متمكن", "متقدم"}},
};

const char *sbx_lang_code(enum sbx_lang l) {
  return l < SBX_LANG_COUNT ? LANGS[l].code : "?";
}

const char *sbx_lang_name(enum sbx_lang l) {
  return l < SBX_LANG_COUNT ? LANGS[l].english_name : "?";
}

static const char *const ELPAC_LEVELS[4] = {"Beginning to Develop", "Somewhat Developed",
                                            "Moderately Developed", "Well Developed"};
static const char *const ELPAC_IA_LEVELS[3] = {
    "Novice English Learner", "Intermediate English Learner", "Initial Fluent English Proficient"};

const char *sbx_level_label(enum sbx_subject s, int year, enum sbx_lang l, int level) {
  if (l >= SBX_LANG_COUNT) l = SBX_LANG_EN;
  switch (s) {
  case SBX_SUBJ_ELA:
  case SBX_SUBJ_MATH:
  case SBX_SUBJ_SCI:
    if (level < 1 || level > 4) return "?";
    return year >= 2026 ? LANGS[l].sb2026[level - 1] : LANGS[l].sb[level - 1];
  case SBX_SUBJ_ELPAC:
    return level >= 1 && level <= 4 ? ELPAC_LEVELS[level - 1] : "?";
  case SBX_SUBJ_ELPAC_IA:
    return level >= 1 && level <= 3 ? ELPAC_IA_LEVELS[level - 1] : "?";
  case SBX_SUBJ_COUNT:
    break;
  }
  return "?";
}

/* ---- shared wording ---------------------------------------------------------------- */

static const char *subject_label(const struct lang_text *t, enum sbx_subject s) {
  switch (s) {
  case SBX_SUBJ_ELA:
    return t->ela;
  case SBX_SUBJ_MATH:
    return t->math;
  case SBX_SUBJ_SCI:
    return t->science;
  case SBX_SUBJ_ELPAC:
  case SBX_SUBJ_ELPAC_IA:
  case SBX_SUBJ_COUNT:
    break;
  }
  return t->elp;
}

/* Short English name used in headings ("ELA", "Mathematics"). */
static const char *subject_short(enum sbx_subject s) {
  switch (s) {
  case SBX_SUBJ_ELA:
    return "ELA";
  case SBX_SUBJ_MATH:
    return "Mathematics";
  case SBX_SUBJ_SCI:
    return "Science";
  case SBX_SUBJ_ELPAC:
    return "Summative ELPAC";
  case SBX_SUBJ_ELPAC_IA:
    return "Initial ELPAC";
  case SBX_SUBJ_COUNT:
    break;
  }
  return "?";
}

static const char *test_name(enum sbx_type t) {
  switch (t) {
  case SBX_TYPE_CAASPP:
    return "CAASPP Smarter Balanced Summative Assessments";
  case SBX_TYPE_CAST:
    return "California Science Test (CAST)";
  case SBX_TYPE_ESA:
    return "Summative English Language Proficiency Assessments for California (ELPAC)";
  case SBX_TYPE_EIA:
    return "Initial English Language Proficiency Assessments for California (ELPAC)";
  case SBX_TYPE_COUNT:
    break;
  }
  return "?";
}

static const char *const GRADE_WORDS[13] = {"kindergarten", "one",    "two",   "three", "four",
                                            "five",         "six",    "seven", "eight", "nine",
                                            "ten",          "eleven", "twelve"};

static const char *grade_word(int g) {
  return g >= 0 && g <= 12 ? GRADE_WORDS[g] : "?";
}

/* "Grade 4" / "Kindergarten" in language t. */
static void grade_label(const struct lang_text *t, int g, char *out, size_t n) {
  if (g == 0)
    snprintf(out, n, "%s", t->kindergarten);
  else
    snprintf(out, n, "%s %d", t->grade, g);
}

/* "2024-25" (ASCII) or "2024–25" (UTF-8 en dash) for administration year y. */
static void school_year(int y, bool utf8, char *out, size_t n) {
  snprintf(out, n, "%d%s%02d", y - 1, utf8 ? "\xE2\x80\x93" : "-", y % 100);
}

static const char *met_verb(int level) {
  static const char *const V[4] = {"did not meet", "nearly met", "met", "exceeded"};
  return level >= 1 && level <= 4 ? V[level - 1] : "?";
}

static const char *horizon(int grade) {
  if (grade <= 5) return "future coursework";
  if (grade <= 8) return "entry-level, credit-bearing college coursework after high school";
  return "entry-level, credit-bearing college coursework";
}

/* The level descriptor sentence (English), after the student's first name. */
static void descriptor(const struct sbx_result *r, int grade, char *out, size_t n) {
  const char *subj = r->subject == SBX_SUBJ_ELA    ? "English language arts/literacy"
                     : r->subject == SBX_SUBJ_MATH ? "mathematics"
                                                   : "science";
  switch (r->subject) {
  case SBX_SUBJ_ELA:
  case SBX_SUBJ_MATH:
  case SBX_SUBJ_SCI: {
    static const char *const LEAD[4] = {
        "has not met the achievement standard and needs substantial improvement to "
        "demonstrate",
        "has nearly met the achievement standard and may require further development to "
        "demonstrate",
        "has met the achievement standard and demonstrates progress toward mastery of",
        "has exceeded the achievement standard and demonstrates advanced progress toward "
        "mastery of"};
    snprintf(out, n, "%s the knowledge and skills in %s needed for likely success in %s.",
             LEAD[r->level - 1], subj, horizon(grade));
    return;
  }
  case SBX_SUBJ_ELPAC: {
    static const char *const D[4] = {
        "is beginning to develop English skills and needs substantial help to use English "
        "to learn in school and in social situations.",
        "has somewhat developed English skills and usually needs help to use English to "
        "learn in school and in social situations.",
        "has moderately developed English skills and can sometimes use English to learn "
        "new things; help may be needed on less familiar topics.",
        "has well developed English skills and can usually use English to learn new "
        "things in school and to interact in social situations."};
    snprintf(out, n, "%s", D[r->level - 1]);
    return;
  }
  case SBX_SUBJ_ELPAC_IA: {
    static const char *const D[3] = {
        "is a novice English learner and will take the Summative ELPAC each spring until "
        "reclassified as fluent English proficient.",
        "is an intermediate English learner and will take the Summative ELPAC each spring "
        "until reclassified as fluent English proficient.",
        "is initially fluent English proficient (IFEP) and does not need to take the "
        "Summative ELPAC."};
    snprintf(out, n, "%s", D[r->level - 1]);
    return;
  }
  case SBX_SUBJ_COUNT:
    break;
  }
  snprintf(out, n, "?");
}

/* The "meets the standard" threshold sentence (English), e.g. "A score of 2502 or higher
 * meets the grade five standard." */
static void threshold(const struct sbx_scale *sc, enum sbx_subject s, int grade, char *out,
                      size_t n) {
  if (s == SBX_SUBJ_ELPAC)
    snprintf(out, n, "A score of %d or higher is considered proficient in English.", sc->cut[2]);
  else if (s == SBX_SUBJ_ELPAC_IA)
    snprintf(out, n,
             "Scores of %d-%d are Intermediate and %d-%d Initial Fluent English Proficient.",
             sc->cut[0], sc->cut[1] - 1, sc->cut[1], sc->hi);
  else
    snprintf(out, n, "A score of %d or higher meets the grade %s standard.", sc->cut[1],
             grade_word(grade));
}

/* The history comparison sentence (English); empty when there is no prior year. */
static void comparison(const struct sbx_result *r, const char *first, char *out, size_t n) {
  out[0] = '\0';
  if (r->nhist < 2) return;
  const struct sbx_hist *prev = &r->hist[r->nhist - 2], *now = &r->hist[r->nhist - 1];
  int d = now->score - prev->score;
  const char *lv = now->level > prev->level   ? ", enough to reach a higher level"
                   : now->level < prev->level ? " and moved to a lower level"
                                              : " and stayed at the same level";
  if (d > 0)
    snprintf(out, n, "%s's score increased by %d points from last year%s.", first, d, lv);
  else if (d < 0)
    snprintf(out, n, "%s's score decreased by %d points from last year%s.", first, -d, lv);
  else
    snprintf(out, n, "%s's score is the same as last year.", first);
}

static const struct sbx_scale *scale_of(const struct sbx_view *v, const struct sbx_result *r,
                                        struct sbx_scale *sc) {
  return sbx_scale_for(r->subject, v->grade, sc) ? sc : NULL;
}

/* ---- PDF -------------------------------------------------------------------------- */

static const struct pdf_rgb INK = {0x1A, 0x1A, 0x1A};
static const struct pdf_rgb MUTED = {0x55, 0x55, 0x55};
static const struct pdf_rgb WHITE = {0xFF, 0xFF, 0xFF};
static const struct pdf_rgb NAVY = {0x1F, 0x3A, 0x6E};
static const struct pdf_rgb PALE = {0xEE, 0xF2, 0xF7};
static const struct pdf_rgb SANDBOX = {0xFF, 0xE0, 0x82};
/* Level colours, level 1 first (ssr-content.md §1.12: orange, yellow, green, blue). */
static const struct pdf_rgb LEVEL4[4] = {
    {0xE8, 0x77, 0x22}, {0xF2, 0xC1, 0x2E}, {0x4C, 0xA6, 0x4C}, {0x2B, 0x6C, 0xB0}};
static const struct pdf_rgb LEVEL3[3] = {
    {0xE8, 0x77, 0x22}, {0xF2, 0xC1, 0x2E}, {0x2B, 0x6C, 0xB0}};

static struct pdf_rgb level_rgb(const struct sbx_scale *sc, int level) {
  return sc->nlevels == 3 ? LEVEL3[level - 1] : LEVEL4[level - 1];
}

static void pdf_footer(struct pdf_doc *d, int page, int npages) {
  char line[160];
  snprintf(line, sizeof line,
           "Synthetic sandbox data generated by scorebridge - not a real student.   Page %d of %d",
           page, npages);
  pdf_rect(d, 36, 40, 540, 1, MUTED);
  pdf_text(d, 36, 26, PDF_HELVETICA, 8, MUTED, line);
}

static void pdf_header(struct pdf_doc *d, const struct sbx_view *v, const char *title) {
  char sub[200], sy[32];
  school_year(v->year, false, sy, sizeof sy);
  char g[32];
  grade_label(&LANGS[SBX_LANG_EN], v->grade, g, sizeof g);
  snprintf(sub, sizeof sub, "%s  |  %s  |  %s", sbx_type_code(v->type), sy, g);
  pdf_rect(d, 0, 712, PDF_PAGE_W, 80, NAVY);
  pdf_text(d, 36, 758, PDF_HELVETICA_BOLD, 22, WHITE, title);
  pdf_text(d, 36, 734, PDF_HELVETICA, 12, WHITE, sub);
  pdf_rect(d, 430, 742, 150, 22, SANDBOX);
  pdf_text(d, 440, 749, PDF_HELVETICA_BOLD, 9, INK, "SANDBOX - SYNTHETIC DATA");
}

/* One "Label: value" line of the student information block. */
static int pdf_field(struct pdf_doc *d, int y, const char *label, const char *value) {
  pdf_text(d, 48, y, PDF_HELVETICA_BOLD, 11, INK, label);
  pdf_text(d, 190, y, PDF_HELVETICA, 11, INK, value);
  return y - 17;
}

static void pdf_cover(struct pdf_doc *d, const struct sbx_view *v, int npages) {
  char buf[512], sy[32];
  pdf_new_page(d);
  pdf_header(d, v, "Student Score Report");
  int y = 680;
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 15, NAVY, "Student Information");
  y -= 24;
  if (v->shared) {
    y = pdf_field(d, y, "Student:", "Sample Student (shared sandbox report)");
  } else {
    snprintf(buf, sizeof buf, "%s %s", v->first_name, v->last_name);
    y = pdf_field(d, y, "Student:", buf);
    y = pdf_field(d, y, "SSID:", v->ssid);
    if (v->birth) {
      snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(v->birth / 10000),
               (int)(v->birth / 100 % 100), (int)(v->birth % 100));
      y = pdf_field(d, y, "Date of birth:", buf);
    }
  }
  grade_label(&LANGS[SBX_LANG_EN], v->grade, buf, sizeof buf);
  y = pdf_field(d, y, "Grade:", buf);
  y = pdf_field(d, y, "School:", v->shared ? "(every school)" : v->school);
  y = pdf_field(d, y, "LEA:", v->shared ? "(every sandbox LEA)" : v->lea);
  school_year(v->year, false, sy, sizeof sy);
  snprintf(buf, sizeof buf, "%s (administration year %d)", sy, v->year);
  y = pdf_field(d, y, "School year:", buf);
  y = pdf_field(d, y, "Test:", test_name(v->type));
  if (v->lang != SBX_LANG_EN) {
    snprintf(buf, sizeof buf, "%s (this PDF prints English labels)", sbx_lang_name(v->lang));
    y = pdf_field(d, y, "Report language:", buf);
  }
  y -= 14;

  const char *what_h, *what;
  switch (v->type) {
  case SBX_TYPE_CAASPP:
    what_h = "What is the CAASPP?";
    what = "The California Assessment of Student Performance and Progress measures progress "
           "toward the California standards in English language arts/literacy and "
           "mathematics. Results are one of several measures of how a student is doing, "
           "together with grades, classwork and teacher observations.";
    break;
  case SBX_TYPE_CAST:
    what_h = "What is the CAST?";
    what = "The California Science Test measures what students know and can do in the life, "
           "physical, and earth and space sciences. It is taken in grades five and eight "
           "and once in high school.";
    break;
  case SBX_TYPE_ESA:
    what_h = "What is the Summative ELPAC?";
    what = "The Summative ELPAC measures how well English learners listen, speak, read and "
           "write in English. It is taken every spring until the student is reclassified as "
           "fluent English proficient.";
    break;
  default:
    what_h = "What is the Initial ELPAC?";
    what = "The Initial ELPAC is taken once, within 30 days of first enrolling in a "
           "California public school, to find out whether the student is an English "
           "learner or initially fluent English proficient.";
    break;
  }
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 13, NAVY, what_h);
  y = pdf_text_wrap(d, 36, y - 18, 540, PDF_HELVETICA, 10, 14, INK, what);
  y -= 8;
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 13, NAVY, "What do the scores mean?");
  y = pdf_text_wrap(d, 36, y - 18, 540, PDF_HELVETICA, 10, 14, INK,
                    v->type == SBX_TYPE_EIA
                        ? "The overall scale score (150-600) places the student in one of "
                          "three levels: Novice English Learner, Intermediate English "
                          "Learner or Initial Fluent English Proficient."
                    : v->type == SBX_TYPE_ESA
                        ? "The overall scale score places the student in one of four levels, "
                          "from Level 1 Beginning to Develop to Level 4 Well Developed. "
                          "Level 4 is considered proficient in English."
                        : "A scale score places the student in one of four achievement "
                          "levels. The score range is different for each grade. Level 3 or "
                          "Level 4 means the student met or exceeded the grade-level "
                          "standard.");
  y -= 8;
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 13, NAVY, "Additional Resources");
  y = pdf_text_wrap(d, 36, y - 18, 540, PDF_HELVETICA, 10, 14, INK,
                    v->type == SBX_TYPE_CAASPP || v->type == SBX_TYPE_CAST
                        ? "Sample test questions and learning resources: CA.StartingSmarter.org. "
                          "Talk with your child's teacher about these results."
                        : "Sample test questions and learning resources: "
                          "ELPAC.StartingSmarter.org. Talk with your child's teacher about "
                          "these results.");
  if (v->shared) {
    y -= 8;
    pdf_text_wrap(d, 36, y, 540, PDF_HELVETICA, 9, 12, MUTED, LANGS[SBX_LANG_EN].shared);
  }
  pdf_footer(d, 1, npages);
}

/* The level bar: one coloured segment per level, a marker at the score, the level
 * number inside segments wide enough for it, and a two-column legend below with each
 * level's label and score range. Returns the y below the legend. */
static int pdf_bar(struct pdf_doc *d, const struct sbx_scale *sc, const struct sbx_view *v,
                   const struct sbx_result *r, int y) {
  const int x0 = 48, width = 516, h = 22;
  int span = sc->hi - sc->lo;
  int x = x0;
  char lab[128];
  for (int lv = 1; lv <= sc->nlevels; lv++) {
    int end =
        lv == sc->nlevels ? x0 + width : x0 + (sbx_level_hi(sc, lv) + 1 - sc->lo) * width / span;
    pdf_rect(d, x, y, end - x, h, level_rgb(sc, lv));
    snprintf(lab, sizeof lab, "%d", lv);
    if (end - x >= 14) pdf_text(d, x + 4, y + 7, PDF_HELVETICA_BOLD, 9, INK, lab);
    x = end;
  }
  int mx = x0 + (r->score - sc->lo) * width / span;
  pdf_rect(d, mx - 1, y - 4, 3, h + 8, INK);
  snprintf(lab, sizeof lab, "%d", r->score);
  pdf_text(d, mx - pdf_text_width(PDF_HELVETICA_BOLD, 10, lab) / 2, y + h + 8, PDF_HELVETICA_BOLD,
           10, INK, lab);
  int ly = y - 18;
  for (int lv = sc->nlevels; lv >= 1; lv--) {
    int i = sc->nlevels - lv; /* highest level first */
    int lx = x0 + (i % 2) * 262, row = ly - (i / 2) * 15;
    pdf_rect(d, lx, row - 1, 9, 9, level_rgb(sc, lv));
    snprintf(lab, sizeof lab, "Level %d  %s  (%d-%d)", lv,
             sbx_level_label(r->subject, v->year, SBX_LANG_EN, lv), sbx_level_lo(sc, lv),
             sbx_level_hi(sc, lv));
    pdf_text(d, lx + 14, row, PDF_HELVETICA, 9, INK, lab);
  }
  return ly - ((sc->nlevels + 1) / 2) * 15 - 8;
}

static int pdf_history(struct pdf_doc *d, const struct sbx_view *v, const struct sbx_result *r,
                       int y) {
  char buf[256];
  const char *first = v->shared ? "The student" : v->first_name;
  snprintf(buf, sizeof buf, "%s's Score History", first);
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 13, NAVY, v->shared ? "Score History" : buf);
  y -= 18;
  comparison(r, first, buf, sizeof buf);
  if (buf[0]) {
    pdf_text(d, 48, y, PDF_HELVETICA, 10, INK, buf);
    y -= 16;
  }
  const int col0 = 48, colw = 130;
  pdf_rect(d, col0, y - 50, 110 + colw * r->nhist, 64, PALE);
  for (int i = 0; i < r->nhist; i++) {
    const struct sbx_hist *h = &r->hist[i];
    int cx = col0 + 110 + colw * i;
    char g[32], sy[32];
    grade_label(&LANGS[SBX_LANG_EN], h->grade, g, sizeof g);
    school_year(h->year, false, sy, sizeof sy);
    snprintf(buf, sizeof buf, "%s (%s)", g, sy);
    pdf_text(d, cx, y, PDF_HELVETICA_BOLD, 10, INK, buf);
    snprintf(buf, sizeof buf, "%d", h->score);
    pdf_text(d, cx, y - 20, PDF_HELVETICA, 10, INK, buf);
    snprintf(buf, sizeof buf, "Level %d", h->level);
    pdf_text(d, cx, y - 40, PDF_HELVETICA, 10, INK, buf);
  }
  pdf_text(d, col0 + 6, y - 20, PDF_HELVETICA_BOLD, 10, INK, "Scale score");
  pdf_text(d, col0 + 6, y - 40, PDF_HELVETICA_BOLD, 10, INK, "Level");
  return y - 72;
}

static int pdf_result_page(struct pdf_doc *d, const struct sbx_view *v, const struct sbx_result *r,
                           int page, int npages, struct sb_err *err) {
  struct sbx_scale sc;
  if (scale_of(v, r, &sc) == NULL)
    return sb_err_set(err, "no score scale for %s in grade %d", subject_short(r->subject),
                      v->grade);
  char buf[600], desc[400];
  const char *first = v->shared ? "The student" : v->first_name;
  pdf_new_page(d);
  pdf_header(d, v, "Student Score Report");
  int y = 680;
  snprintf(buf, sizeof buf, "%s%s Overall %s Score", v->shared ? "" : first, v->shared ? "" : "'s",
           subject_short(r->subject));
  pdf_text(d, 36, y, PDF_HELVETICA_BOLD, 17, NAVY, buf);
  y -= 44;
  snprintf(buf, sizeof buf, "%d", r->score);
  pdf_text(d, 48, y, PDF_HELVETICA_BOLD, 34, INK, buf);
  pdf_rect(d, 170, y - 6, 250, 40, level_rgb(&sc, r->level));
  snprintf(buf, sizeof buf, "Level %d", r->level);
  pdf_text(d, 180, y + 18, PDF_HELVETICA_BOLD, 11, INK, buf);
  pdf_text(d, 180, y + 3, PDF_HELVETICA_BOLD, 11, INK,
           sbx_level_label(r->subject, v->year, SBX_LANG_EN, r->level));
  y -= 30;
  if (r->subject == SBX_SUBJ_ELA || r->subject == SBX_SUBJ_MATH || r->subject == SBX_SUBJ_SCI)
    snprintf(buf, sizeof buf, "%s's score of %d %s the grade %s standard.", first, r->score,
             met_verb(r->level), grade_word(v->grade));
  else
    snprintf(buf, sizeof buf, "%s's overall score of %d is at Level %d: %s.", first, r->score,
             r->level, sbx_level_label(r->subject, v->year, SBX_LANG_EN, r->level));
  y = pdf_text_wrap(d, 36, y, 540, PDF_HELVETICA, 11, 15, INK, buf);
  char thr[200];
  threshold(&sc, r->subject, v->grade, thr, sizeof thr);
  snprintf(buf, sizeof buf, "The score range for %s%s is %d-%d. %s", v->grade ? "grade " : "",
           grade_word(v->grade), sc.lo, sc.hi, thr);
  y = pdf_text_wrap(d, 36, y, 540, PDF_HELVETICA, 11, 15, INK, buf);
  y -= 36;
  y = pdf_bar(d, &sc, v, r, y);
  descriptor(r, v->grade, desc, sizeof desc);
  snprintf(buf, sizeof buf, "Level %d: %s %s", r->level, first, desc);
  y = pdf_text_wrap(d, 36, y, 540, PDF_HELVETICA, 10, 14, INK, buf);
  y -= 16;
  if (r->subject != SBX_SUBJ_ELPAC_IA) pdf_history(d, v, r, y);
  pdf_footer(d, page, npages);
  return 0;
}

static int render_pdf(const struct sbx_view *v, struct buf *out, struct sb_err *err) {
  struct pdf_doc d;
  char title[160], sy[32];
  school_year(v->year, false, sy, sizeof sy);
  pdf_init(&d);
  snprintf(title, sizeof title, "%s Student Score Report %s, grade %s (%s)", sbx_type_code(v->type),
           sy, grade_word(v->grade), sbx_lang_name(v->lang));
  pdf_set_title(&d, title);
  int npages = 1 + v->nresults;
  pdf_cover(&d, v, npages);
  int rc = 0;
  for (int i = 0; i < v->nresults && rc == 0; i++)
    rc = pdf_result_page(&d, v, &v->results[i], 2 + i, npages, err);
  if (rc == 0) rc = pdf_finish(&d, out, err);
  pdf_free(&d);
  return rc;
}

/* ---- HTML ------------------------------------------------------------------------- */

/* Appends s with & < > " ' escaped. */
static int html_text(struct buf *b, const char *s) {
  int rc = 0;
  const char *run = s;
  for (const char *p = s;; p++) {
    const char *rep = NULL;
    switch (*p) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    case '\0':
      break;
    default:
      continue;
    }
    rc |= buf_append(b, run, (size_t)(p - run));
    if (*p == '\0') break;
    rc |= buf_puts(b, rep);
    run = p + 1;
  }
  return rc;
}

static const char CSS[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
    "margin:0;background:#f4f6f9;color:#1a1a1a;line-height:1.45}"
    "main{max-width:46rem;margin:0 auto;padding:1rem}"
    "header{background:#1f3a6e;color:#fff;padding:1rem 1.25rem;border-radius:.5rem}"
    "header h1{margin:0;font-size:1.5rem}header p{margin:.25rem 0 0}"
    ".sandbox{background:#ffe082;padding:.4rem .75rem;border-radius:.4rem;margin:.75rem 0;"
    "font-size:.9rem}"
    "section{background:#fff;border-radius:.5rem;padding:1rem 1.25rem;margin:.75rem 0}"
    "h2{font-size:1.15rem;color:#1f3a6e;margin:0 0 .5rem}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:start;padding:.35rem .5rem;"
    "border-bottom:1px solid #dde3ea}"
    ".score{font-size:2.4rem;font-weight:700;margin:.25rem 0}"
    ".badge{display:inline-block;padding:.3rem .7rem;border-radius:.4rem;font-weight:600;"
    "font-size:1rem;vertical-align:middle}"
    ".bar{position:relative;display:flex;height:1.4rem;border-radius:.3rem;margin:1.6rem 0 .4rem}"
    ".bar div{height:100%}"
    ".marker{position:absolute;top:-.4rem;width:3px;height:2.2rem !important;background:#1a1a1a}"
    ".l1{background:#e87722}.l2{background:#f2c12e}.l3{background:#4ca64c}.l4{background:#2b6cb0;"
    "color:#fff}.n3 .l3{background:#2b6cb0;color:#fff}"
    ".legend{display:flex;font-size:.8rem}.legend span{flex:1}"
    ".player{background:#111;color:#fff;aspect-ratio:16/9;border-radius:.5rem;display:flex;"
    "flex-direction:column;align-items:center;justify-content:center}"
    ".play{font-size:3rem}.script li{margin:.4rem 0}.t{font-family:monospace;color:#555}"
    "footer{font-size:.8rem;color:#555;margin:1rem 0}";

static int html_head(struct buf *b, const struct sbx_view *v, const char *title) {
  const struct lang_text *t = &LANGS[v->lang];
  int rc = buf_printf(b,
                      "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"scorebridge sandbox\">\n<title>",
                      t->html_lang, t->rtl ? "rtl" : "ltr");
  rc |= html_text(b, title);
  rc |= buf_puts(b, "</title>\n<style>");
  rc |= buf_append(b, CSS, sizeof CSS - 1);
  rc |= buf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
  return rc;
}

/* Header block and student information table. */
static int html_intro(struct buf *b, const struct sbx_view *v, const char *h1) {
  const struct lang_text *t = &LANGS[v->lang];
  char g[64], sy[32], line[256];
  grade_label(t, v->grade, g, sizeof g);
  school_year(v->year, true, sy, sizeof sy);
  int rc = buf_puts(b, "<header>\n<h1>");
  rc |= html_text(b, h1);
  snprintf(line, sizeof line, "%s \xC2\xB7 %s \xC2\xB7 ", sbx_type_code(v->type), sy);
  rc |= buf_puts(b, "</h1>\n<p>");
  rc |= html_text(b, line);
  rc |= html_text(b, g);
  rc |= buf_puts(b, "</p>\n</header>\n<p class=\"sandbox\" role=\"note\">");
  rc |= html_text(b, v->shared ? t->shared : t->sandbox);
  rc |= buf_puts(b, "</p>\n<section class=\"student\">\n<table>\n");
  const char *rows[6][2] = {{t->student, NULL}, {t->grade, g}, {t->school, v->school},
                            {t->lea, v->lea},   {t->year, sy}, {t->test, NULL}};
  char name[160];
  if (v->shared)
    snprintf(name, sizeof name, "\xE2\x80\x94");
  else
    snprintf(name, sizeof name, "%s %s (SSID %s)", v->first_name, v->last_name, v->ssid);
  rows[0][1] = name;
  rows[5][1] = test_name(v->type);
  if (v->shared) rows[2][1] = rows[3][1] = "\xE2\x80\x94";
  for (int i = 0; i < 6; i++) {
    rc |= buf_puts(b, "<tr><th scope=\"row\">");
    rc |= html_text(b, rows[i][0]);
    rc |= buf_puts(b, "</th><td>");
    rc |= html_text(b, rows[i][1]);
    rc |= buf_puts(b, "</td></tr>\n");
  }
  rc |= buf_puts(b, "</table>\n</section>\n");
  return rc;
}

/* "Level 3 · Standard Met" in the report's language. */
static void level_text(const struct sbx_view *v, const struct sbx_result *r, int level, char *out,
                       size_t n) {
  const struct lang_text *t = &LANGS[v->lang];
  snprintf(out, n, "%s %d \xC2\xB7 %s", t->level, level,
           sbx_level_label(r->subject, v->year, v->lang, level));
}

static int html_result(struct buf *b, const struct sbx_view *v, const struct sbx_result *r,
                       struct sb_err *err) {
  const struct lang_text *t = &LANGS[v->lang];
  struct sbx_scale sc;
  if (scale_of(v, r, &sc) == NULL)
    return sb_err_set(err, "no score scale for %s in grade %d", subject_short(r->subject),
                      v->grade);
  char buf[640], lv[256];
  /* Every append below is checked once at the end: rc collects the failures. */
  int rc = buf_puts(b, "<section class=\"overall\">\n<h2>");
  rc |= html_text(b, subject_label(t, r->subject));
  rc |=
      buf_printf(b, "</h2>\n<p class=\"score\">%d <span class=\"badge l%d\">", r->score, r->level);
  level_text(v, r, r->level, lv, sizeof lv);
  rc |= html_text(b, lv);
  rc |= buf_puts(b, "</span></p>\n");
  if (v->lang == SBX_LANG_EN) {
    const char *first = v->shared ? "The student" : v->first_name;
    char desc[400], thr[200];
    if (r->subject == SBX_SUBJ_ELA || r->subject == SBX_SUBJ_MATH || r->subject == SBX_SUBJ_SCI)
      snprintf(buf, sizeof buf, "%s's score of %d %s the grade %s standard.", first, r->score,
               met_verb(r->level), grade_word(v->grade));
    else
      snprintf(buf, sizeof buf, "%s's overall score of %d is at Level %d: %s.", first, r->score,
               r->level, sbx_level_label(r->subject, v->year, SBX_LANG_EN, r->level));
    rc |= buf_puts(b, "<p>");
    rc |= html_text(b, buf);
    threshold(&sc, r->subject, v->grade, thr, sizeof thr);
    snprintf(buf, sizeof buf, " The score range for %s%s is %d\xE2\x80\x93%d. %s",
             v->grade ? "grade " : "", grade_word(v->grade), sc.lo, sc.hi, thr);
    rc |= html_text(b, buf);
    rc |= buf_puts(b, "</p>\n<p>");
    descriptor(r, v->grade, desc, sizeof desc);
    snprintf(buf, sizeof buf, "%s %s", first, desc);
    rc |= html_text(b, buf);
    rc |= buf_puts(b, "</p>\n");
  }
  /* Level bar: integer percentages that add up to 100. */
  int span = sc.hi - sc.lo, used = 0;
  snprintf(buf, sizeof buf, "%s %d\xE2\x80\x93%d; %d", t->range, sc.lo, sc.hi, r->score);
  rc |= buf_printf(b, "<div class=\"bar n%d\" role=\"img\" aria-label=\"", sc.nlevels);
  rc |= html_text(b, buf);
  rc |= buf_puts(b, "\">");
  for (int l = 1; l <= sc.nlevels; l++) {
    int w = l == sc.nlevels ? 100 - used
                            : (sbx_level_hi(&sc, l) + 1 - sbx_level_lo(&sc, l)) * 100 / span;
    used += w;
    rc |= buf_printf(b, "<div class=\"l%d\" style=\"width:%d%%\"></div>", l, w);
  }
  int left = (r->score - sc.lo) * 100 / span;
  rc |=
      buf_printf(b, "<div class=\"marker\" style=\"inset-inline-start:%d%%\"></div></div>\n", left);
  rc |= buf_puts(b, "<div class=\"legend\">");
  for (int l = 1; l <= sc.nlevels; l++) {
    rc |= buf_printf(b, "<span>%d\xE2\x80\x93%d<br>", sbx_level_lo(&sc, l), sbx_level_hi(&sc, l));
    rc |= html_text(b, sbx_level_label(r->subject, v->year, v->lang, l));
    rc |= buf_puts(b, "</span>");
  }
  rc |= buf_puts(b, "</div>\n</section>\n");

  if (r->subject == SBX_SUBJ_ELPAC_IA)
    return rc ? sb_err_set(err, "a report page is larger than its buffer") : 0;
  /* Score history table: one column per administration. */
  rc |= buf_puts(b, "<section class=\"history\">\n<h2>");
  rc |= html_text(b, t->history);
  rc |= buf_puts(b, "</h2>\n");
  if (v->lang == SBX_LANG_EN) {
    comparison(r, v->shared ? "The student" : v->first_name, buf, sizeof buf);
    if (buf[0]) {
      rc |= buf_puts(b, "<p>");
      rc |= html_text(b, buf);
      rc |= buf_puts(b, "</p>\n");
    }
  }
  rc |= buf_puts(b, "<table>\n<thead><tr><td></td>");
  for (int i = 0; i < r->nhist; i++) {
    char g[64], sy[32];
    grade_label(t, r->hist[i].grade, g, sizeof g);
    school_year(r->hist[i].year, true, sy, sizeof sy);
    rc |= buf_puts(b, "<th scope=\"col\">");
    rc |= html_text(b, g);
    rc |= buf_printf(b, "<br>%s</th>", sy);
  }
  rc |= buf_puts(b, "</tr></thead>\n<tbody>\n<tr><th scope=\"row\">");
  rc |= html_text(b, t->scale_score);
  rc |= buf_puts(b, "</th>");
  for (int i = 0; i < r->nhist; i++)
    rc |= buf_printf(b, "<td>%d</td>", r->hist[i].score);
  rc |= buf_puts(b, "</tr>\n<tr><th scope=\"row\">");
  rc |= html_text(b, t->achievement);
  rc |= buf_puts(b, "</th>");
  for (int i = 0; i < r->nhist; i++) {
    level_text(v, r, r->hist[i].level, lv, sizeof lv);
    rc |= buf_puts(b, "<td>");
    rc |= html_text(b, lv);
    rc |= buf_puts(b, "</td>");
  }
  rc |= buf_puts(b, "</tr>\n</tbody>\n</table>\n</section>\n");
  return rc ? sb_err_set(err, "a report page is larger than its buffer") : 0;
}

static int html_foot(struct buf *b, const struct sbx_view *v) {
  const struct lang_text *t = &LANGS[v->lang];
  int rc = buf_puts(b, "<footer>");
  rc |= html_text(b, test_name(v->type));
  rc |= buf_puts(b, " \xE2\x80\x94 ");
  rc |= html_text(b, t->sandbox);
  rc |= buf_puts(b, "</footer>\n</main>\n</body>\n</html>\n");
  return rc;
}

static int render_html(const struct sbx_view *v, struct buf *out, struct sb_err *err) {
  const struct lang_text *t = &LANGS[v->lang];
  char title[256], sy[32];
  school_year(v->year, true, sy, sizeof sy);
  snprintf(title, sizeof title, "%s \xE2\x80\x94 %s %s \xE2\x80\x94 %s", t->title,
           sbx_type_code(v->type), sy, subject_label(t, v->results[0].subject));
  int rc = html_head(out, v, title);
  rc |= html_intro(out, v, t->title);
  for (int i = 0; i < v->nresults; i++)
    if (html_result(out, v, &v->results[i], err) != 0) return -1;
  rc |= html_foot(out, v);
  return rc ? sb_err_set(err, "a report page is larger than its buffer") : 0;
}

/* The VIDEO page: a player placeholder and the narration script, one scene a line. */
static int render_video(const struct sbx_view *v, struct buf *out, struct sb_err *err) {
  const struct lang_text *t = &LANGS[v->lang];
  char title[256], sy[32], g[64], line[640], lv[256];
  school_year(v->year, true, sy, sizeof sy);
  grade_label(t, v->grade, g, sizeof g);
  snprintf(title, sizeof title, "%s \xE2\x80\x94 %s %s", t->video, sbx_type_code(v->type), sy);
  int rc = html_head(out, v, title);
  rc |= html_intro(out, v, t->video);
  int seconds = 20 + 20 * v->nresults + 15;
  rc |= buf_puts(out, "<section>\n<div class=\"player\" role=\"img\" aria-label=\"");
  rc |= html_text(out, t->video);
  rc |= buf_printf(out, "\"><div class=\"play\">\xE2\x96\xB6</div><p>%d:%02d \xC2\xB7 ",
                   seconds / 60, seconds % 60);
  rc |= html_text(out, sbx_lang_name(v->lang));
  rc |= buf_puts(out, "</p></div>\n</section>\n<section>\n<h2>");
  rc |= html_text(out, t->script);
  rc |= buf_puts(out, "</h2>\n<ol class=\"script\">\n");
  const char *first = v->shared ? "your child" : v->first_name;
  int at = 0;
  if (v->lang == SBX_LANG_EN)
    snprintf(line, sizeof line,
             "Hello! This video walks through %s's %s CAASPP results for grade %s%s%s.", first, sy,
             grade_word(v->grade), v->shared ? "" : " at ", v->shared ? "" : v->school);
  else
    snprintf(line, sizeof line, "%s \xE2\x80\x94 %s \xE2\x80\x94 %s \xE2\x80\x94 %s", t->title,
             v->shared ? "" : first, g, sy);
  rc |= buf_printf(out, "<li><span class=\"t\">%d:%02d</span> ", at / 60, at % 60);
  rc |= html_text(out, line);
  rc |= buf_puts(out, "</li>\n");
  at += 20;
  for (int i = 0; i < v->nresults; i++) {
    const struct sbx_result *r = &v->results[i];
    if (v->lang == SBX_LANG_EN) {
      int n = snprintf(
          line, sizeof line, "In %s, %s scored %d. That is Level %d: %s.",
          r->subject == SBX_SUBJ_ELA ? "English language arts and literacy" : "mathematics", first,
          r->score, r->level, sbx_level_label(r->subject, v->year, SBX_LANG_EN, r->level));
      if (r->nhist >= 2 && n > 0 && (size_t)n < sizeof line) {
        int d = r->score - r->hist[r->nhist - 2].score;
        if (d == 0)
          snprintf(line + n, sizeof line - (size_t)n, " That is the same score as last year.");
        else
          snprintf(line + n, sizeof line - (size_t)n,
                   " Compared with last year, the score %s by %d points.",
                   d > 0 ? "went up" : "went down", d > 0 ? d : -d);
      }
    } else {
      level_text(v, r, r->level, lv, sizeof lv);
      snprintf(line, sizeof line, "%s: %d \xE2\x80\x94 %s", subject_label(t, r->subject), r->score,
               lv);
    }
    rc |= buf_printf(out, "<li><span class=\"t\">%d:%02d</span> ", at / 60, at % 60);
    rc |= html_text(out, line);
    rc |= buf_puts(out, "</li>\n");
    at += 20;
  }
  snprintf(line, sizeof line, "%s",
           v->lang == SBX_LANG_EN ? "Visit CA.StartingSmarter.org for sample questions and free "
                                    "learning resources, and talk with your child's teacher."
                                  : "CA.StartingSmarter.org");
  rc |= buf_printf(out, "<li><span class=\"t\">%d:%02d</span> ", at / 60, at % 60);
  rc |= html_text(out, line);
  rc |= buf_puts(out, "</li>\n</ol>\n</section>\n");
  rc |= html_foot(out, v);
  return rc ? sb_err_set(err, "a video page is larger than its buffer") : 0;
}

/* ---- entry point ------------------------------------------------------------------ */

int sbx_render(const struct sbx_view *v, struct buf *out, struct sb_err *err) {
  if (v->lang >= SBX_LANG_COUNT || v->type >= SBX_TYPE_COUNT || v->format >= SBX_FMT_COUNT)
    return sb_err_set(err, "report view has an unknown type, format or language");
  if (v->nresults < 1 || v->nresults > 2)
    return sb_err_set(err, "a report shows one or two content areas, not %d", v->nresults);
  for (int i = 0; i < v->nresults; i++) {
    const struct sbx_result *r = &v->results[i];
    struct sbx_scale sc;
    if (!sbx_scale_for(r->subject, v->grade, &sc))
      return sb_err_set(err, "%s is not tested in grade %d", subject_short(r->subject), v->grade);
    if (r->level < 1 || r->level > sc.nlevels || r->score < sc.lo || r->score > sc.hi)
      return sb_err_set(err, "score %d / level %d is off the %s scale", r->score, r->level,
                        subject_short(r->subject));
    if (r->nhist < 1 || r->nhist > 3)
      return sb_err_set(err, "a score history has one to three entries, not %d", r->nhist);
  }
  if (!v->shared && (v->first_name == NULL || v->last_name == NULL || v->ssid == NULL ||
                     v->school == NULL || v->lea == NULL))
    return sb_err_set(err, "a personal report needs the student's name, SSID, school and LEA");
  switch (v->format) {
  case SBX_FMT_PDF:
    return render_pdf(v, out, err);
  case SBX_FMT_HTML:
    return render_html(v, out, err);
  case SBX_FMT_VIDEO:
    return render_video(v, out, err);
  case SBX_FMT_COUNT:
    break;
  }
  return sb_err_set(err, "unknown format");
}
