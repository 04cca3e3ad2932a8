// Names from many cultures, as travel documents print them, with the written variants ICAO 9303
// transliteration produces (Ü -> UE or U, Ñ -> N, Cyrillic romanisations). Variants let the
// matching be tested on realistic disagreement between the two agencies' records.

export interface NamePool {
  citizenships: string[];
  surnames: Array<string | [string, ...string[]]>;
  given: Array<string | [string, ...string[]]>;
}

export const NAME_POOLS: NamePool[] = [
  {
    citizenships: ['USA', 'CAN', 'GBR', 'AUS', 'IRL'],
    surnames: [
      'Smith',
      'Johnson',
      'Williams',
      'Brown',
      'Taylor',
      'Wilson',
      "O'Brien",
      'MacDonald',
      'Campbell',
      'Anderson',
      'Thompson',
      'Martin',
    ],
    given: [
      'James',
      'Mary',
      'Robert',
      'Jennifer',
      'Michael',
      'Linda',
      'David',
      'Sarah',
      'Emily',
      'Daniel',
      'Olivia',
      'Liam',
    ],
  },
  {
    citizenships: ['CAN', 'FRA', 'BEL', 'CHE'],
    surnames: [
      ['Côté', 'Cote'],
      ['Bélanger', 'Belanger'],
      'Gagnon',
      'Tremblay',
      ['Lévesque', 'Levesque'],
      'Roy',
      ['Gauthier'],
      ['Pelletier'],
    ],
    given: [
      ['Hélène', 'Helene'],
      ['François', 'Francois'],
      ['Zoé', 'Zoe'],
      'Marc-André',
      ['Gaëlle', 'Gaelle'],
      'Louis',
      ['Amélie', 'Amelie'],
    ],
  },
  {
    citizenships: ['DEU', 'AUT', 'CHE'],
    surnames: [
      ['Müller', 'Mueller', 'Muller'],
      ['Schröder', 'Schroeder', 'Schroder'],
      'Schmidt',
      ['Weiß', 'Weiss'],
      ['Bäcker', 'Baecker'],
      'Fischer',
    ],
    given: [['Jürgen', 'Juergen'], ['Jörg', 'Joerg'], 'Anna', 'Lukas', ['Björn', 'Bjoern'], 'Katharina'],
  },
  {
    citizenships: ['MEX', 'ESP', 'COL', 'ARG', 'USA'],
    surnames: [
      ['Peña', 'Pena', 'Penxa'],
      ['Muñoz', 'Munoz'],
      'García',
      ['Núñez', 'Nunez'],
      'Rodríguez',
      'Hernández',
      'López',
    ],
    given: [
      ['José', 'Jose'],
      ['María', 'Maria'],
      'Juan Carlos',
      ['Sofía', 'Sofia'],
      'Alejandro',
      'Guadalupe',
      ['Iñaki', 'Inaki'],
    ],
  },
  {
    citizenships: ['CHN', 'TWN', 'HKG', 'CAN', 'USA'],
    surnames: ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', ['Chan', 'Chen'], 'Huang', 'Zhao'],
    given: ['Wei', 'Xiaoming', 'Jing', 'Mei Ling', 'Hao', 'Yan'],
  },
  {
    citizenships: ['VNM', 'USA', 'CAN'],
    surnames: [
      ['Nguyễn', 'Nguyen'],
      ['Trần', 'Tran'],
      ['Lê', 'Le'],
      ['Phạm', 'Pham'],
    ],
    given: [
      ['Thảo', 'Thao'],
      ['Minh', 'Minh'],
      ['Đức', 'Duc'],
      ['Hương', 'Huong'],
    ],
  },
  {
    citizenships: ['KOR', 'USA', 'CAN'],
    surnames: ['Kim', ['Park', 'Pak'], ['Lee', 'Yi', 'Rhee'], 'Choi', 'Jung'],
    given: ['Min-jun', 'Seo-yeon', 'Ji-hoon', 'Ha-eun'],
  },
  {
    citizenships: ['IND', 'PAK', 'CAN', 'USA', 'GBR'],
    surnames: ['Patel', 'Singh', 'Sharma', 'Gupta', 'Khan', 'Reddy'],
    given: ['Priya', 'Arjun', 'Harpreet', 'Aarav', 'Ananya', 'Gurpreet'],
  },
  {
    citizenships: ['EGY', 'JOR', 'LBN', 'SAU', 'MAR', 'CAN'],
    surnames: [['Al-Hassan', 'Al Hassan', 'Alhassan'], ['Abdullah', 'Abdallah'], 'Haddad', ['El-Amin', 'Elamin']],
    given: [['Mohammed', 'Muhammad', 'Mohamed'], 'Fatima', ['Yousef', 'Youssef', 'Yusuf'], 'Layla', 'Omar'],
  },
  {
    citizenships: ['POL', 'CZE', 'SVK'],
    surnames: [['Wójcik', 'Wojcik'], ['Nowak'], ['Dvořák', 'Dvorak'], ['Łukasiewicz', 'Lukasiewicz']],
    given: [['Łukasz', 'Lukasz'], ['Małgorzata', 'Malgorzata'], 'Tomasz', ['Zuzana']],
  },
  {
    citizenships: ['TUR'],
    surnames: [
      ['Yılmaz', 'Yilmaz'],
      ['Öztürk', 'Ozturk', 'Oeztuerk'],
      ['Çelik', 'Celik'],
      ['Şahin', 'Sahin'],
    ],
    given: [['Ayşe', 'Ayse'], 'Mehmet', ['Gülşen', 'Gulsen'], 'Emre'],
  },
  {
    citizenships: ['UKR', 'RUS', 'CAN', 'USA'],
    surnames: [['Shevchenko', 'Chevtchenko', 'Schewtschenko'], ['Kovalenko'], ['Ivanov', 'Iwanow'], ['Bondarenko']],
    given: [
      ['Aleksandr', 'Alexander', 'Oleksandr'],
      ['Yulia', 'Iuliia', 'Julia'],
      ['Dmitriy', 'Dmitry', 'Dmytro'],
      'Olena',
    ],
  },
  {
    citizenships: ['NOR', 'DNK', 'SWE', 'ISL'],
    surnames: [
      ['Sørensen', 'Soerensen', 'Sorensen'],
      ['Ångström', 'Angstrom', 'Aangstroem'],
      'Johansson',
      ['Guðmundsdóttir', 'Gudmundsdottir'],
    ],
    given: [['Åsa', 'Asa', 'Aasa'], ['Søren', 'Soren'], 'Ingrid', 'Erik'],
  },
  {
    citizenships: ['PHL', 'USA', 'CAN'],
    surnames: ['Santos', 'Reyes', 'Dela Cruz', 'Bautista', 'Garcia'],
    given: ['Maria Clara', 'Jose Rizal', 'Angelica', 'Mark Anthony'],
  },
];
