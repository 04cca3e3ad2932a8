// How a name in another script or with marks is written in Latin capitals by different systems:
// Cyrillic by three romanisation schemes, Latin marks kept, ICAO-transliterated or stripped.

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

export function romaniseCyrillic(name: string, scheme: number): string {
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
export function latinWritten(name: string, mode: number): string {
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
