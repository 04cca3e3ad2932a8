// Names of travellers from many naming traditions, each in its own script, with the spellings a
// name is known by: the population the evaluation generators draw from.
export interface Culture {
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
export const CULTURES: Culture[] = [
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
