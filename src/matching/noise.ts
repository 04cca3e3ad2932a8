// A generator of own entries and partner exits with known truth, for measuring the matcher. It
// models what two agencies' systems do to one traveller independently of how the matcher works:
// names from many cultures written in their own script, romanised by different schemes on each side,
// MRZ truncation, keying errors, swapped and dropped names, date and document errors, travellers
// crossing with another document, missing fields; and people who are not the same but look alike:
// relatives travelling together (same surname, citizenship, port and time), twins (same birth date,
// consecutive passport numbers), namesakes with the same birth date, and repeat travellers whose
// earlier exit must not close a later stay.
import { withCheckDigit } from '../record/check-digit';
import type { MatchInput } from './prepare';

export type NoiseLevel = 'realistic' | 'harsh';

interface Rates {
  nameTypo: number;
  swapNames: number;
  dropMiddle: number;
  middleIntoFirst: number;
  initialOnly: number;
  translitDiffers: number;
  dobOneDigit: number;
  dobDayMonth: number;
  dobWrong: number;
  docTypo: number;
  docOther: number;
  docMissing: number;
  fieldMissing: number;
  timeMissing: number;
  caseAndPunctuation: number;
}

// Per record, per field. "realistic" follows published data-quality figures for border and civil
// registration data (1-3% keying errors per name, ~1% date errors); "harsh" is several times that,
// with errors combined, to show how the matcher degrades.
export const NOISE_RATES: Record<NoiseLevel, Rates> = {
  realistic: {
    nameTypo: 0.02,
    swapNames: 0.01,
    dropMiddle: 0.15,
    middleIntoFirst: 0.02,
    initialOnly: 0.005,
    translitDiffers: 0.3,
    dobOneDigit: 0.01,
    dobDayMonth: 0.005,
    dobWrong: 0.002,
    docTypo: 0.01,
    docOther: 0.04,
    docMissing: 0.01,
    fieldMissing: 0.01,
    timeMissing: 0.01,
    caseAndPunctuation: 0.2,
  },
  harsh: {
    nameTypo: 0.1,
    swapNames: 0.05,
    dropMiddle: 0.4,
    middleIntoFirst: 0.06,
    initialOnly: 0.03,
    translitDiffers: 0.7,
    dobOneDigit: 0.05,
    dobDayMonth: 0.02,
    dobWrong: 0.01,
    docTypo: 0.06,
    docOther: 0.12,
    docMissing: 0.05,
    fieldMissing: 0.05,
    timeMissing: 0.05,
    caseAndPunctuation: 0.5,
  },
};

/** Deterministic PRNG (mulberry32), so a seed reproduces a data set. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Culture {
  countries: string[];
  surnames: string[];
  male: string[];
  female: string[];
  /** Middle names: a list to draw from, or a rule (patronymic). */
  middle?: (r: () => number, sex: 'M' | 'F', pick: <T>(xs: T[]) => T) => string;
  middleRate: number;
  /** Family name written first at home: swapped names are likelier. */
  familyFirst?: boolean;
  /** Alternative spellings (romanisations) of the same name. */
  variants?: string[][];
  cyrillic?: boolean;
  compoundSurname?: number;
}

const words = (s: string) => s.split(',').map((x) => x.trim());

const RU_MALE = words(
  'Александр,Сергей,Дмитрий,Андрей,Алексей,Юрий,Евгений,Михаил,Игорь,Николай,Владимир,Артём,Максим,Вячеслав,Григорий',
);
const CULTURES: Culture[] = [
  {
    countries: ['USA', 'CAN', 'GBR', 'AUS', 'IRL', 'GBD'],
    surnames: words(
      "Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Taylor,Thomas,Moore,Martin,Jackson,Thompson,White,Harris,Clark,Lewis,Robinson,Walker,Young,Allen,King,Wright,Scott,Green,Baker,Adams,Nelson,Hill,Campbell,Mitchell,Roberts,Carter,Phillips,Evans,Turner,O'Brien,O'Connor,MacDonald,McLeod,Fitzgerald,Sullivan,Murphy,Kelly,St. John,Van der Berg",
    ),
    male: words(
      'James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,Christopher,Daniel,Matthew,Anthony,Mark,Liam,Noah,Ethan,Mason,Logan,Jacob,Benjamin,Samuel,Owen',
    ),
    female: words(
      'Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Emily,Olivia,Emma,Ava,Sophia,Isabella,Charlotte,Amelia,Abigail,Madison,Chloe,Grace',
    ),
    middle: (_r, sex, pick) =>
      pick(
        sex === 'M'
          ? words('Lee,Alan,James,Michael,Edward,Paul,Ray,Thomas')
          : words('Ann,Marie,Lynn,Elizabeth,Rose,Jane,Louise,Grace'),
      ),
    middleRate: 0.6,
  },
  {
    countries: ['CAN', 'FRA', 'BEL', 'HTI'],
    surnames: words(
      'Tremblay,Gagnon,Roy,Côté,Bouchard,Gauthier,Morin,Lavoie,Fortin,Gagné,Ouellet,Pelletier,Bélanger,Lévesque,Bergeron,Leblanc,Paquette,Girard,Simard,Boucher,Dufour,Thériault,Desjardins,Saint-Pierre',
    ),
    male: words(
      'Jean-François,François,Stéphane,Benoît,Mathieu,Gabriel,Olivier,Félix,Étienne,Jérôme,Luc,André,Denis,Rémi,Pierre-Luc',
    ),
    female: words(
      'Marie-Ève,Hélène,Émilie,Geneviève,Josée,Chloé,Léa,Zoé,Élodie,Mélanie,Nathalie,Sylvie,Anne-Marie,Maude,Éloïse',
    ),
    middle: (_r, sex, pick) =>
      pick(sex === 'M' ? words('Joseph,Marie,Louis,Michel') : words('Marie,Claire,Josée,Andrée')),
    middleRate: 0.5,
  },
  {
    countries: ['MEX', 'ESP', 'COL', 'GTM', 'PER', 'ARG', 'CUB'],
    surnames: words(
      'García,Rodríguez,Martínez,Hernández,López,González,Pérez,Sánchez,Ramírez,Torres,Flores,Rivera,Gómez,Díaz,Muñoz,Núñez,Ibáñez,Peña,Castañeda,Ordóñez,Cruz,Morales,Reyes,Gutiérrez,Ortiz,Jiménez,Ruiz,Vargas,Castillo,Mendoza',
    ),
    male: words(
      'José,Juan,Alejandro,Jesús,Ángel,Iñigo,Luis,Andrés,Carlos,Miguel,Francisco,Javier,Santiago,Sebastián,Diego,Fernando',
    ),
    female: words(
      'María,Guadalupe,Sofía,Fernanda,Begoña,Carmen,Valentina,Mónica,Lucía,Ximena,Daniela,Rocío,Inés,Adriana,Patricia',
    ),
    middle: (_r, sex, pick) =>
      pick(
        sex === 'M'
          ? words('Antonio,Luis,Manuel,de Jesús,Ignacio')
          : words('del Carmen,Guadalupe,José,de los Ángeles,Fernanda'),
      ),
    middleRate: 0.4,
    compoundSurname: 0.6,
  },
  {
    countries: ['DEU', 'AUT', 'CHE', 'D'],
    surnames: words(
      'Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Krüger,Köhler,Groß,Jäger,Möller,Böhm,Hübner,Gärtner,Würth,Fuchs',
    ),
    male: words(
      'Jürgen,Günter,Jörg,Uwe,Björn,Sören,Lukas,Maximilian,Felix,Jonas,Matthias,Stefan,Tobias,Andreas,Florian',
    ),
    female: words('Käthe,Anna,Lena,Hannah,Mia,Lea,Jülide,Sabine,Ursula,Brigitte,Jana,Lisa,Katharina,Bärbel,Marlène'),
    middle: (_r, sex, pick) =>
      pick(sex === 'M' ? words('Karl,Friedrich,Wilhelm,Johann') : words('Maria,Luise,Charlotte,Sophie')),
    middleRate: 0.35,
  },
  {
    countries: ['SWE', 'NOR', 'DNK', 'FIN'],
    surnames: words(
      'Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Svensson,Gustafsson,Ångström,Åberg,Hansen,Johansen,Olsen,Sørensen,Jørgensen,Løvland,Bjørnstad,Ødegaard,Virtanen,Mäkinen,Hämäläinen,Söderberg',
    ),
    male: words('Björn,Søren,Ørjan,Lars,Erik,Øystein,Kjell,Anders,Magnus,Håkan,Jukka,Mikko,Pål,Nils'),
    female: words('Åsa,Ingrid,Astrid,Sigrid,Maja,Linnéa,Märta,Sölvi,Tuulikki,Kirsten,Liv,Solveig,Åse,Frida'),
    middle: (_r, sex, pick) => pick(sex === 'M' ? words('Olof,Gustav,Johan') : words('Kristin,Elisabet,Maria')),
    middleRate: 0.4,
  },
  {
    countries: ['RUS', 'UKR', 'BLR', 'KAZ'],
    surnames: words(
      'Иванов,Смирнов,Кузнецов,Попов,Васильев,Петров,Соколов,Михайлов,Новиков,Фёдоров,Морозов,Волков,Алексеев,Лебедев,Семёнов,Егоров,Павлов,Козлов,Степанов,Николаев,Орлов,Андреев,Макаров,Захаров,Зайцев,Соловьёв,Борисов,Яковлев,Григорьев,Романов,Шевченко,Коваленко,Бондаренко,Ткаченко,Кравченко,Юрченко,Щербаков,Хохлов,Чернышёв,Жуков',
    ),
    male: RU_MALE,
    female: words(
      'Елена,Ольга,Наталья,Татьяна,Юлия,Анастасия,Екатерина,Ксения,Яна,Дарья,Людмила,Светлана,Ирина,Жанна,Алёна',
    ),
    middle: (_r, sex, pick) => {
      const father = pick(RU_MALE);
      const stem = father.replace(/(ий|ей|й)$/, '').replace(/а$/, '');
      const soft = /(ий|ей|й)$/.test(father);
      return stem + (sex === 'M' ? (soft ? 'евич' : 'ович') : soft ? 'евна' : 'овна');
    },
    middleRate: 0.9,
    cyrillic: true,
  },
  {
    countries: ['EGY', 'SAU', 'JOR', 'LBN', 'MAR', 'IRQ', 'SYR', 'PAK'],
    surnames: words(
      'Al-Sayed,Haddad,Khoury,Nasser,Mansour,Saleh,Hamdan,Ibrahim,Othman,Al-Hashimi,Abdel-Rahman,Khan,Qureshi,Farouk,Bakr,El-Masry,Abu-Zeid,Al-Farsi,Darwish,Hijazi',
    ),
    male: words(
      'Mohammed,Ahmed,Mahmoud,Abdullah,Youssef,Omar,Ali,Hassan,Hussein,Khalid,Tariq,Karim,Ibrahim,Mustafa,Bilal,Imran',
    ),
    female: words('Fatima,Aisha,Mariam,Layla,Nour,Zainab,Huda,Salma,Rania,Yasmin,Amira,Samira,Hana,Ayesha'),
    middle: (_r, _sex, pick) => pick(words('Mohammed,Ahmed,Ali,Hassan,Abdullah,Ibrahim,Mahmoud')),
    middleRate: 0.5,
    variants: [
      words('Mohammed,Muhammad,Mohamed,Mohammad,Muhammed'),
      words('Ahmed,Ahmad'),
      words('Mahmoud,Mahmud'),
      words('Abdullah,Abdallah'),
      words('Youssef,Yusuf,Yousef,Youssef'),
      words('Omar,Umar'),
      words('Hassan,Hasan'),
      words('Hussein,Husayn,Hussain,Husein'),
      words('Khalid,Khaled'),
      words('Fatima,Fatimah,Fatma'),
      words('Aisha,Aicha,Aysha'),
      words('Mariam,Maryam,Meryem'),
      words('Layla,Leila,Laila'),
      words('Nour,Noor,Nur'),
      words('Al-Sayed,El-Sayed,Alsayed,El Sayed'),
      words('Khoury,Khouri,Khuri'),
      words('Nasser,Nasir,Naser'),
      words('Mansour,Mansur'),
      words('Saleh,Salih'),
      words('Othman,Osman,Uthman'),
      words('Abdel-Rahman,Abdelrahman,Abd al-Rahman,Abdul Rahman'),
      words('Qureshi,Kureshi,Qureishi'),
      words('Zainab,Zeinab,Zaynab'),
    ],
  },
  {
    countries: ['CHN', 'TWN', 'HKG', 'SGP'],
    surnames: words(
      'Wang,Li,Zhang,Liu,Chen,Yang,Huang,Zhao,Wu,Zhou,Xu,Sun,Ma,Zhu,Hu,Guo,He,Lin,Luo,Gao,Chan,Wong,Cheung,Lau,Ho,Tan,Lim,Ng',
    ),
    male: words('Wei,Jun,Hao,Jian Guo,Zhi Qiang,Yong,Jie,Tao,Ming,Lei,Bo,Chao,Hao Ran,Yu Xuan,Ka Ming'),
    female: words('Fang,Xiu Ying,Na,Min,Jing,Li Na,Yu Ting,Zi Han,Xin Yi,Chun Mei,Mei Ling,Hui,Yan,Xiao Hong,Wing Yan'),
    middleRate: 0,
    familyFirst: true,
  },
  {
    countries: ['KOR'],
    surnames: words('Kim,Lee,Park,Choi,Jung,Kang,Cho,Yoon,Jang,Lim,Han,Oh,Seo,Shin,Kwon'),
    male: words('Min-jun,Ji-hoon,Do-yun,Hyun-woo,Seo-jun,Jae-won,Sung-min,Dong-hyun,Joon-ho,Tae-yang'),
    female: words('Seo-yeon,Ha-eun,Soo-jin,Ji-woo,Min-seo,Yu-na,Eun-ji,Hye-jin,So-yeon,Da-eun'),
    middleRate: 0,
    familyFirst: true,
    variants: [
      words('Lee,Yi,Rhee'),
      words('Park,Pak,Bak'),
      words('Choi,Choe'),
      words('Jung,Jeong,Chung'),
      words('Cho,Jo'),
      words('Yoon,Yun'),
      words('Lim,Im'),
    ],
  },
  {
    countries: ['VNM'],
    surnames: words('Nguyễn,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương'),
    male: words('Anh,Minh,Hùng,Dũng,Tuấn,Quang,Đức,Khánh,Long,Phúc,Thành,Huy'),
    female: words('Linh,Hương,Lan,Thảo,Phương,Ngọc,Trang,Hà,Mai,Nhung,Thu,Yến'),
    middle: (_r, sex, pick) => (sex === 'M' ? 'Văn' : pick(words('Thị,Thị,Ngọc,Thu'))),
    middleRate: 0.8,
    familyFirst: true,
  },
  {
    countries: ['IND', 'NPL', 'BGD', 'LKA'],
    surnames: words(
      'Patel,Singh,Kumar,Sharma,Gupta,Shah,Reddy,Iyer,Nair,Chatterjee,Mukherjee,Banerjee,Rao,Desai,Joshi,Mehta,Kaur,Venkataraghavan,Subramanian,Ramakrishnan,Bhattacharya,Chandrasekaran',
    ),
    male: words(
      'Aarav,Vihaan,Aditya,Rajesh,Deepak,Venkata Ramana,Suresh,Arjun,Rohan,Karthik,Sanjay,Vijay,Anil,Ravi,Prakash',
    ),
    female: words('Priya,Ananya,Sunita,Lakshmi,Divya,Kavya,Pooja,Meera,Anjali,Sneha,Radha,Deepika,Shreya,Nandini'),
    middle: (_r, _sex, pick) => pick(words('Kumar,Prasad,Lal,Devi,Kumari,Nath')),
    middleRate: 0.4,
    variants: [
      words('Chatterjee,Chaterjee,Chatterji'),
      words('Mukherjee,Mukherji,Mukerjee'),
      words('Banerjee,Banerji'),
      words('Lakshmi,Laxmi'),
      words('Bhattacharya,Bhattacharjee,Bhattacharyya'),
    ],
  },
  {
    countries: ['TUR'],
    surnames: words(
      'Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan,Kılıç,Aslan,Çetin,Kara,Koç,Kurt,Özkan,Şimşek',
    ),
    male: words('Mehmet,Mustafa,Ahmet,Ali,Hüseyin,Hasan,İbrahim,İsmail,Oğuz,Murat,Emre,Burak,Çağrı'),
    female: words('Ayşe,Fatma,Emine,Hatice,Zeynep,Elif,Özlem,Gül,Çağla,Şule,Büşra,Merve'),
    middleRate: 0.1,
    middle: (_r, _sex, pick) => pick(words('Can,Nur,Deniz')),
  },
  {
    countries: ['POL', 'CZE', 'SVK'],
    surnames: words(
      'Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,Szymański,Woźniak,Dąbrowski,Kozłowski,Jankowski,Mazur,Krawczyk,Dvořák,Novák,Černý,Procházka,Kučera',
    ),
    male: words('Łukasz,Paweł,Michał,Krzysztof,Wojciech,Jędrzej,Tomasz,Piotr,Jiří,Tomáš,Grzegorz,Przemysław'),
    female: words('Małgorzata,Agnieszka,Katarzyna,Zofia,Joanna,Magdalena,Ewa,Barbara,Markéta,Zuzana,Alžběta'),
    middleRate: 0.2,
    middle: (_r, _sex, pick) => pick(words('Maria,Jan,Anna,Józef')),
  },
  {
    countries: ['BRA', 'PRT', 'AGO'],
    surnames: words(
      'Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,Carvalho,Araújo,Gonçalves,Conceição,Nascimento,Magalhães,Assunção',
    ),
    male: words('João,José,Antônio,Francisco,Gonçalo,Thiago,Luís,Paulo,Pedro,Rafael,Gustavo,Lucas,Matheus'),
    female: words('Ana,Maria,Luíza,Conceição,Beatriz,Júlia,Mariana,Letícia,Gabriela,Fernanda,Camila,Larissa'),
    middle: (_r, _sex, pick) =>
      pick(words('da Conceição,dos Santos,de Souza,Aparecida,Cristina,Henrique,Augusto,da Silva Pereira')),
    middleRate: 0.7,
    compoundSurname: 0.5,
  },
  {
    countries: ['NGA', 'GHA', 'KEN', 'ZAF'],
    surnames: words(
      'Okafor,Adeyemi,Okonkwo,Oluwaseun,Chukwuemeka,Mensah,Boateng,Owusu,Asante,Nwosu,Eze,Abubakar,Bello,Ogunleye,Adebayo-Williams,Kamau,Otieno,Ndlovu,Mokoena,Oyelaran',
    ),
    male: words('Chinedu,Oluwaseun,Adebayo,Kwame,Yaw,Emeka,Tunde,Kofi,Babatunde,Olumide,Sipho,Wanjiru,Obinna'),
    female: words('Ngozi,Akosua,Efua,Folake,Chiamaka,Adaeze,Abena,Yetunde,Nneka,Thandiwe,Amara,Funmilayo'),
    middle: (_r, _sex, pick) => pick(words('Oluwadamilare,Chukwudi,Ifeoma,Adeola,Kwabena')),
    middleRate: 0.5,
  },
  {
    countries: ['ISR', 'PHL', 'THA', 'JPN'],
    surnames: words(
      'Cohen,Levi,Mizrahi,Peretz,Biton,Friedman,dela Cruz,Reyes,Bautista,Villanueva,Srisuwan,Chaiyaporn,Wongsawat,Rattanakosin,Phongphaew,Sato,Suzuki,Takahashi,Tanaka,Watanabe',
    ),
    male: words(
      'Yosef,Moshe,David,Avraham,Yitzhak,Jose Rizal,Mark Anthony,Somchai,Thanawat,Hiroshi,Takeshi,Kenji,Ryota',
    ),
    female: words('Noa,Tamar,Shira,Maria Cristina,Ma. Teresa,Siriporn,Kanokwan,Yuki,Haruka,Aiko,Sakura'),
    middle: (_r, _sex, pick) => pick(words('Santos,Reyes,Garcia,Ben,Bat')),
    middleRate: 0.3,
    variants: [
      words('Cohen,Kohen,Cohn'),
      words('Levi,Levy'),
      words('Yitzhak,Itzhak,Yitzchak'),
      words('Yosef,Yossef,Josef'),
    ],
  },
];

// Romanisation schemes for Cyrillic: ICAO 9303 (2015), the older Russian passport scheme (1997,
// GOST-like), and a German-style scheme some visa systems used.
const CYR_SCHEMES: Record<string, string>[] = [
  {
    Ж: 'ZH',
    Й: 'I',
    Х: 'KH',
    Ц: 'TS',
    Ч: 'CH',
    Ш: 'SH',
    Щ: 'SHCH',
    Ъ: 'IE',
    Ы: 'Y',
    Ь: '',
    Э: 'E',
    Ю: 'IU',
    Я: 'IA',
    Ё: 'E',
    Е: 'E',
  },
  {
    Ж: 'ZH',
    Й: 'Y',
    Х: 'KH',
    Ц: 'TS',
    Ч: 'CH',
    Ш: 'SH',
    Щ: 'SHCH',
    Ъ: '',
    Ы: 'Y',
    Ь: '',
    Э: 'E',
    Ю: 'YU',
    Я: 'YA',
    Ё: 'YO',
    Е: 'E',
  },
  {
    Ж: 'SH',
    Й: 'J',
    Х: 'CH',
    Ц: 'Z',
    Ч: 'TSCH',
    Ш: 'SCH',
    Щ: 'SCHTSCH',
    Ъ: '',
    Ы: 'Y',
    Ь: '',
    Э: 'E',
    Ю: 'JU',
    Я: 'JA',
    Ё: 'JO',
    Е: 'E',
    З: 'S',
    В: 'W',
  },
];
const CYR_BASE: Record<string, string> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  З: 'Z',
  И: 'I',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ф: 'F',
};

function romaniseCyrillic(name: string, scheme: number): string {
  const table = CYR_SCHEMES[scheme];
  let out = '';
  for (const ch of name.toUpperCase()) {
    // Ending -ий is commonly written -IY (passport), -II (ICAO), -IJ (German).
    out += table[ch] ?? CYR_BASE[ch] ?? ch;
  }
  return out;
}

// Latin letters with marks, written three ways: kept (a system that stores Unicode), ICAO MRZ
// recommended (Ü→UE, Ñ→NXX, Å→AA), or stripped (Ü→U).
const ICAO_MRZ: Record<string, string> = {
  Ä: 'AE',
  Ö: 'OE',
  Ü: 'UE',
  Å: 'AA',
  Æ: 'AE',
  Ø: 'OE',
  ß: 'SS',
  Ñ: 'NXX',
  Ł: 'L',
  Đ: 'D',
  İ: 'I',
  I: 'I',
};
function latinWritten(name: string, mode: number): string {
  if (mode === 0) return name;
  let out = '';
  for (const ch of name) {
    const up = ch.toUpperCase();
    const mapped = mode === 1 ? ICAO_MRZ[up] : undefined;
    if (mapped !== undefined) out += ch === up ? mapped : mapped.toLowerCase();
    else
      out += ch
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace('ł', 'l')
        .replace('Ł', 'L')
        .replace('ß', 'ss')
        .replace('ø', 'o')
        .replace('Ø', 'O')
        .replace('đ', 'd')
        .replace('ı', 'i');
  }
  return out;
}

interface Person {
  culture: Culture;
  surname: string;
  first: string;
  middle: string;
  sex: 'M' | 'F';
  dob: string;
  citizenship: string;
  doc: { type: string; number: string; issuer: string };
  altDoc: { type: string; number: string; issuer: string };
}

export interface GeneratedData {
  own: MatchInput[];
  partner: MatchInput[];
  /** partner id → own id, for each partner record that is the exit of an own entry. */
  truth: Map<string, string>;
  counts: { persons: number; truePairs: number; distractors: Record<string, number> };
}

export interface GenerateOptions {
  /** How many travellers with a true entry–exit pair (before distractors). */
  pairs: number;
  level: NoiseLevel;
  seed: number;
}

const DOC_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function generate(opts: GenerateOptions): GeneratedData {
  const r = rng(opts.seed);
  const rates = NOISE_RATES[opts.level];
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  const docNumber = (issuer: string) => {
    const letters = issuer === 'USA' || issuer === 'CAN' ? '' : pick([...DOC_LETTERS]) + pick([...DOC_LETTERS]);
    let body = letters;
    while (body.length < 8) body += String(int(0, 9));
    return withCheckDigit(body);
  };
  const nextDocNumber = (num: string) => {
    // The following number from the same issuing batch (siblings' and twins' passports).
    const body = num.slice(0, -1);
    const digits = body.replace(/^[A-Z]+/, '');
    const next = String(Number(digits) + 1)
      .padStart(digits.length, '0')
      .slice(-digits.length);
    return withCheckDigit(body.slice(0, body.length - digits.length) + next);
  };
  const randomDob = (minYear = 1940, maxYear = 2020) =>
    `${int(minYear, maxYear)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const makeDoc = (citizenship: string) => {
    const issuer = citizenship === 'D' ? 'DEU' : citizenship;
    const type =
      citizenship === 'USA'
        ? pick(['P', 'P', 'PC', 'EDL', 'TT'])
        : citizenship === 'CAN'
          ? pick(['P', 'P', 'TT', 'EDL'])
          : pick(['P', 'P', 'P', 'PR']);
    return { type, number: docNumber(issuer), issuer };
  };

  // The other document a traveller may cross with: another kind (passport card, NEXUS, PR card), or
  // the passport of a second citizenship.
  const otherDocument = (citizenship: string, main: { type: string; issuer: string }) => {
    const kinds =
      citizenship === 'USA' ? ['P', 'PC', 'EDL', 'TT'] : citizenship === 'CAN' ? ['P', 'TT', 'EDL'] : ['PR', 'P'];
    const type = pick(kinds.filter((k) => k !== main.type));
    const issuer = type === 'P' && main.type === 'P' ? pick(['USA', 'CAN', 'GBR', 'FRA', 'ITA', 'IRL']) : main.issuer;
    return { type, number: docNumber(issuer), issuer: type === 'PR' ? pick(['USA', 'CAN']) : issuer };
  };
  const makePerson = (culture: Culture, override: Partial<Person> = {}): Person => {
    const sex = override.sex ?? (chance(0.5) ? 'M' : 'F');
    let surname = override.surname ?? pick(culture.surnames);
    if (override.surname === undefined && culture.compoundSurname && chance(culture.compoundSurname))
      surname += ` ${pick(culture.surnames)}`;
    if (culture.cyrillic && sex === 'F' && override.surname === undefined)
      surname = surname.replace(/(ов|ев|ёв|ин)$/, '$1а');
    const citizenship = override.citizenship ?? pick(culture.countries);
    const doc = override.doc ?? makeDoc(citizenship);
    return {
      culture,
      surname,
      first: override.first ?? pick(sex === 'M' ? culture.male : culture.female),
      middle: override.middle ?? (culture.middle && chance(culture.middleRate) ? culture.middle(r, sex, pick) : ''),
      sex,
      dob: override.dob ?? randomDob(),
      citizenship,
      doc,
      altDoc: otherDocument(citizenship, doc),
    };
  };

  const typo = (s: string): string => {
    if (s.length < 2) return s;
    const i = int(0, s.length - 1);
    const letter = String.fromCharCode(65 + int(0, 25));
    const upper = s === s.toUpperCase();
    const l = upper ? letter : letter.toLowerCase();
    switch (int(0, 3)) {
      case 0:
        return s.slice(0, i) + l + s.slice(i + 1);
      case 1:
        return s.slice(0, i) + s.slice(i + 1);
      case 2:
        return s.slice(0, i) + l + s.slice(i);
      default:
        return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + l;
    }
  };
  const variantOf = (culture: Culture, name: string): string => {
    const set = culture.variants?.find((v) => v.includes(name));
    return set ? pick(set) : name;
  };

  // How one agency's system writes this person on one crossing.
  const render = (p: Person, id: string, enteredAt: string, useAltDoc: boolean, noisy: boolean): MatchInput => {
    const cyrScheme = chance(rates.translitDiffers) ? int(0, 2) : 0;
    const latinMode = chance(rates.translitDiffers) ? int(0, 2) : 1;
    const write = (name: string) =>
      name === ''
        ? ''
        : p.culture.cyrillic
          ? romaniseCyrillic(name, cyrScheme)
          : latinWritten(chance(rates.translitDiffers / 2) ? variantOf(p.culture, name) : name, latinMode);
    let surname = write(p.surname);
    let first = write(p.first);
    let middle = write(p.middle);
    let dob = p.dob;
    let doc = useAltDoc ? p.altDoc : p.doc;
    let docNumber: string = doc.number;
    let citizenship = p.citizenship;
    let sex: string = p.sex;
    let entered: string = enteredAt;
    if (noisy) {
      if (chance(p.culture.familyFirst ? rates.swapNames * 3 : rates.swapNames)) [surname, first] = [first, surname];
      if (middle !== '' && chance(rates.dropMiddle)) middle = '';
      if (middle !== '' && chance(rates.middleIntoFirst)) [first, middle] = [`${first} ${middle}`, ''];
      if (chance(rates.nameTypo)) surname = typo(surname);
      if (chance(rates.nameTypo)) first = typo(first);
      if (middle !== '' && chance(rates.nameTypo)) middle = typo(middle);
      if (first.length > 1 && chance(rates.initialOnly)) first = first[0];
      if (chance(rates.dobOneDigit)) {
        const digits = dob.replace(/-/g, '').split('');
        digits[int(0, 7)] = String(int(0, 9));
        const d = digits.join('');
        dob = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`; // may be an impossible date
      }
      if (chance(rates.dobDayMonth) && Number(dob.slice(8)) <= 12)
        dob = `${dob.slice(0, 4)}-${dob.slice(8)}-${dob.slice(5, 7)}`;
      if (chance(rates.dobWrong)) dob = randomDob();
      if (chance(rates.docTypo)) {
        // Mostly a keying error the check digit exposes; sometimes a system recomputed the digit.
        docNumber = chance(0.2)
          ? withCheckDigit(typo(docNumber.slice(0, -1)).replace(/[^A-Z0-9]/g, '0') || '0')
          : typo(docNumber);
      }
      if (chance(rates.docOther)) doc = useAltDoc ? p.doc : p.altDoc;
      if (doc !== (useAltDoc ? p.altDoc : p.doc)) docNumber = doc.number;
      if (chance(rates.docMissing)) docNumber = '';
      if (chance(rates.fieldMissing)) citizenship = '';
      if (chance(rates.fieldMissing)) sex = '';
      if (chance(rates.fieldMissing)) first = '';
      if (chance(rates.fieldMissing / 2)) dob = '';
      if (chance(rates.fieldMissing / 4)) surname = '';
      if (chance(rates.timeMissing)) entered = '';
      if (chance(rates.caseAndPunctuation)) {
        const f = pick([
          (s: string) => s.toUpperCase(),
          (s: string) => s.toLowerCase(),
          (s: string) => s.replace(/'/g, '’'),
          (s: string) => s.replace(/[-']/g, ' '),
          (s: string) => ` ${s}  `,
        ]);
        surname = f(surname);
        first = f(first);
      }
    }
    // The machine-readable zone holds 39 characters of name: SURNAME<<GIVEN<NAMES, cut at the end.
    const mrz = `${surname}<<${[first, middle].filter(Boolean).join('<')}`.replace(/ /g, '<');
    if (mrz.length > 39 && chance(0.5)) {
      const cut = mrz.slice(0, 39);
      const [s, g = ''] = cut.split('<<');
      const given = g.split('<').filter(Boolean);
      surname = s.replace(/</g, ' ');
      first = given[0] ?? '';
      middle = given.slice(1).join(' ');
    }
    const citizenshipForm = citizenship === 'DEU' && chance(0.3) ? 'D' : citizenship;
    return {
      id,
      surname,
      first_name: first,
      middle_names: middle,
      date_of_birth: dob,
      citizenship: citizenshipForm,
      sex,
      document_type: doc.type,
      document_number: docNumber,
      document_issuer: doc.issuer,
      port_of_entry: 'BLAINE',
      entered_at: entered,
    };
  };

  const own: MatchInput[] = [];
  const partner: MatchInput[] = [];
  const truth = new Map<string, string>();
  const distractors: Record<string, number> = {
    own_only: 0,
    partner_only: 0,
    relatives: 0,
    twins: 0,
    namesakes: 0,
    repeat_trips: 0,
    earlier_exit: 0,
  };
  const windowStart = Date.parse('2026-11-01T00:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let ownSeq = 0;
  let partnerSeq = 0;
  const ownId = () => `E${opts.seed}-${(ownSeq++).toString(36)}`;
  const partnerId = () => `X${opts.seed}-${(partnerSeq++).toString(36)}`;
  // Each side's noise is independent; the own side is captured at the port from the document (MRZ),
  // so it is cleaner, but not clean.
  const trip = (p: Person, entryMs: number, exitMs: number, withEntry: boolean, withExit: boolean) => {
    const useAlt = chance(rates.docOther);
    const o = withEntry ? render(p, ownId(), iso(entryMs), useAlt, chance(0.5)) : undefined;
    const x = withExit ? render(p, partnerId(), iso(exitMs), useAlt, true) : undefined;
    if (o) own.push(o);
    if (x) partner.push(x);
    if (o && x) truth.set(x.id, o.id);
  };

  let persons = 0;
  for (let i = 0; i < opts.pairs; i++) {
    const culture = pick(CULTURES);
    const p = makePerson(culture);
    persons++;
    const entryMs = windowStart + int(0, 20 * 86400) * 1000;
    const exitMs = entryMs + int(3600, 30 * 86400) * 1000;
    trip(p, entryMs, exitMs, true, true);
    if (chance(0.05)) {
      // A repeat traveller: a second stay after the first, its exit after its entry.
      const entry2 = exitMs + int(3600, 10 * 86400) * 1000;
      trip(p, entry2, entry2 + int(3600, 10 * 86400) * 1000, true, true);
      distractors.repeat_trips++;
    }
    if (chance(0.03)) {
      // The exit that ended an earlier stay whose entry is outside our data: before this entry.
      trip(p, 0, entryMs - int(86400, 60 * 86400) * 1000, false, true);
      distractors.earlier_exit++;
    }
    if (chance(0.06)) {
      // A relative travelling with them: same surname, citizenship, port and time; only sometimes leaves.
      const kind = r();
      const twin = kind < 0.25;
      const names = p.sex === 'M' ? culture.male : culture.female;
      const relative = makePerson(culture, {
        surname: p.surname,
        sex: p.sex,
        first: pick(names.filter((n) => n !== p.first)), // parents do not give twins one name
        citizenship: p.citizenship,
        dob: twin
          ? p.dob
          : kind < 0.6
            ? randomDob(Number(p.dob.slice(0, 4)) - 8, Number(p.dob.slice(0, 4)) + 8)
            : randomDob(Number(p.dob.slice(0, 4)) + 20, Math.min(2020, Number(p.dob.slice(0, 4)) + 40)),
        doc: twin ? { ...p.doc, number: nextDocNumber(p.doc.number) } : undefined,
      });
      persons++;
      trip(relative, entryMs, exitMs + 60_000, true, chance(0.5));
      distractors[twin ? 'twins' : 'relatives']++;
    }
    if (chance(0.003)) {
      // Someone else with the same name and birth date, in the country at the same time.
      const namesake = makePerson(culture, { surname: p.surname, first: p.first, dob: p.dob, sex: p.sex, middle: '' });
      persons++;
      trip(namesake, entryMs + int(-5, 5) * 86400_000, 0, true, false);
      distractors.namesakes++;
    }
  }
  // Travellers who are still here (entry, no exit) and who left after entering before our data began.
  for (let i = 0; i < opts.pairs * 0.3; i++) {
    const p = makePerson(pick(CULTURES));
    persons++;
    trip(p, windowStart + int(0, 20 * 86400) * 1000, 0, true, false);
    distractors.own_only++;
  }
  for (let i = 0; i < opts.pairs * 0.2; i++) {
    const p = makePerson(pick(CULTURES));
    persons++;
    trip(p, 0, windowStart + int(0, 40 * 86400) * 1000, false, true);
    distractors.partner_only++;
  }
  // Batches arrive in no particular order.
  for (const list of [own, partner]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  return { own, partner, truth, counts: { persons, truePairs: truth.size, distractors } };
}
