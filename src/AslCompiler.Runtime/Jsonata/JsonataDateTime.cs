using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// Integer and date/time pictures (XPath F&amp;O 3.1 <c>format-integer</c>/<c>format-dateTime</c> as JSONata implements
/// them): <c>$formatInteger</c>, <c>$parseInteger</c>, <c>$fromMillis</c>, <c>$toMillis</c>, <c>$now</c>.
/// Calendar arithmetic is proleptic Gregorian in UTC over JavaScript's whole date range.
/// </summary>
internal static class JsonataDateTime
{
    private const double MillisInADay = 8.64e7;

    /// <summary>The furthest instant from 1970 that JavaScript's <c>Date</c> represents, in milliseconds (100,000,000 days).</summary>
    private const double MaxMillis = 8.64e15;

    private static readonly string[] Few = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"];
    private static readonly string[] Ordinals = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"];
    private static readonly string[] Decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
    private static readonly string[] Magnitudes = ["Thousand", "Million", "Billion", "Trillion"];
    private static readonly string[] Days = [string.Empty, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly int[] DecimalGroups = [0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10];
    private static readonly (int Value, string Letters)[] RomanNumerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    private static readonly Dictionary<string, double> WordValues = BuildWordValues();
    // JavaScript's \d is an ASCII digit and its $ the end of the text (.NET's are any Unicode digit and also before a final newline).
    private static readonly Regex Iso8601 = new(@"^[0-9]{4}(-[01][0-9])*(-[0-3][0-9])*(T[0-2][0-9]:[0-5][0-9]:[0-5][0-9])*(\.[0-9]+)?([+-][0-2][0-9]:?[0-5][0-9]|Z)?\z", RegexOptions.CultureInvariant);

    private enum Primary
    {
        Decimal,
        Letters,
        Roman,
        Words,
        Sequence,
    }

    private enum Case
    {
        Lower,
        Upper,
        Title,
    }

    // ---------------------------------------------------------------- integers

    private sealed class IntegerFormat
    {
        public Primary Primary { get; set; } = Primary.Decimal;

        public Case Case { get; set; } = Case.Lower;

        public bool Ordinal { get; set; }

        public int ZeroCode { get; set; } = 0x30;

        public int MandatoryDigits { get; set; }

        public int OptionalDigits { get; set; }

        public bool Regular { get; set; }

        public List<(int Position, string Character)> Separators { get; set; } = [];

        public string? Token { get; set; }

        public int FixedWidth { get; set; }
    }

    public static object? FormatInteger(double value, string picture) => FormatIntegerCore(Math.Floor(value), AnalyseIntegerPicture(picture));

    public static object? ParseInteger(string value, string picture)
    {
        var format = AnalyseIntegerPicture(picture);
        return ParseIntegerValue(value, format);
    }

    private static string FormatIntegerCore(double value, IntegerFormat format)
    {
        if (!double.IsFinite(value))
        {
            // An infinity reaches here only from a function that returned one ($sum of huge numbers ...): words,
            // letters and roman numerals of it never end, so it is out of range, as arithmetic on it is.
            throw new JsonataException("D1001") { Value = value, HasValue = true };
        }

        string formatted;
        var negative = value < 0;
        value = Math.Abs(value);
        switch (format.Primary)
        {
            case Primary.Letters:
                formatted = DecimalToLetters(value, format.Case == Case.Upper ? 'A' : 'a');
                break;
            case Primary.Roman:
                formatted = DecimalToRoman(Math.Floor(value));
                if (format.Case == Case.Upper)
                {
                    formatted = formatted.ToUpperInvariant();
                }

                break;
            case Primary.Words:
                formatted = NumberToWords(value, format.Ordinal);
                if (format.Case == Case.Upper)
                {
                    formatted = formatted.ToUpperInvariant();
                }
                else if (format.Case == Case.Lower)
                {
                    formatted = formatted.ToLowerInvariant();
                }

                break;
            case Primary.Decimal:
                // A picture's width can ask for any number of digits.
                JsonataLimits.CheckStringLength(format.MandatoryDigits);
                formatted = JsonataText.FormatNumber(value);
                if (format.MandatoryDigits - formatted.Length > 0)
                {
                    formatted = new string('0', format.MandatoryDigits - formatted.Length) + formatted;
                }

                if (format.ZeroCode != 0x30)
                {
                    var sb = new StringBuilder();
                    foreach (var c in formatted)
                    {
                        sb.Append(char.ConvertFromUtf32(c + format.ZeroCode - 0x30));
                    }

                    formatted = sb.ToString();
                }

                formatted = InsertSeparators(formatted, format);

                if (format.Ordinal)
                {
                    var last = formatted[formatted.Length - 1];
                    var suffix = last switch { '1' => "st", '2' => "nd", '3' => "rd", _ => "th" };
                    if (formatted.Length > 1 && formatted[formatted.Length - 2] == '1')
                    {
                        suffix = "th";
                    }

                    formatted += suffix;
                }

                break;
            default:
                throw new JsonataException("D3130") { Value = format.Token, HasValue = true };
        }

        return negative ? "-" + formatted : formatted;
    }

    /// <summary>
    /// Puts the grouping separators into the digits: a regular one every so many digits from the right, or each
    /// irregular one at its digit count from the right. Built in one pass, so long pictures cost linear time.
    /// </summary>
    private static string InsertSeparators(string digits, IntegerFormat format)
    {
        if (format.Separators.Count == 0)
        {
            return digits;
        }

        var sb = new StringBuilder(digits.Length + format.Separators.Count);
        if (format.Regular)
        {
            var position = format.Separators[0].Position;
            var character = format.Separators[0].Character;
            for (var k = 0; k < digits.Length; k++)
            {
                if (k > 0 && (digits.Length - k) % position == 0)
                {
                    sb.Append(character);
                }

                sb.Append(digits[k]);
            }
        }
        else
        {
            // The separators are listed from the right (ascending digit counts); each goes before the digit that has
            // its count of digits after it, those with the same count in picture order. Counts past the digits are dropped.
            var next = format.Separators.Count - 1;
            while (next >= 0 && format.Separators[next].Position > digits.Length)
            {
                next--;
            }

            for (var k = 0; k <= digits.Length; k++)
            {
                while (next >= 0 && format.Separators[next].Position == digits.Length - k)
                {
                    sb.Append(format.Separators[next].Character);
                    next--;
                }

                if (k < digits.Length)
                {
                    sb.Append(digits[k]);
                }
            }
        }

        JsonataLimits.CheckStringLength(sb.Length);
        return sb.ToString();
    }

    /// <summary>A code point's text; a lone surrogate (which JavaScript's <c>codePointAt</c> returns as is) stays one code unit.</summary>
    private static string CodePointText(int codePoint) => codePoint <= 0xFFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);

    private static IntegerFormat AnalyseIntegerPicture(string picture)
    {
        var format = new IntegerFormat();
        string primaryFormat;
        var semicolon = picture.LastIndexOf(';');
        if (semicolon == -1)
        {
            primaryFormat = picture;
        }
        else
        {
            primaryFormat = picture.Substring(0, semicolon);
            var modifier = picture.Substring(semicolon + 1);
            if (modifier.StartsWith('o'))
            {
                format.Ordinal = true;
            }
        }

        switch (primaryFormat)
        {
            case "A":
                format.Case = Case.Upper;
                format.Primary = Primary.Letters;
                break;
            case "a":
                format.Primary = Primary.Letters;
                break;
            case "I":
                format.Case = Case.Upper;
                format.Primary = Primary.Roman;
                break;
            case "i":
                format.Primary = Primary.Roman;
                break;
            case "W":
                format.Case = Case.Upper;
                format.Primary = Primary.Words;
                break;
            case "Ww":
                format.Case = Case.Title;
                format.Primary = Primary.Words;
                break;
            case "w":
                format.Primary = Primary.Words;
                break;
            default:
                int? zeroCode = null;
                var mandatory = 0;
                var optional = 0;
                var separators = new List<(int, string)>();
                var separatorPosition = 0;
                var codePoints = new List<int>();
                for (var i = 0; i < primaryFormat.Length; i++)
                {
                    int cp = primaryFormat[i];
                    if (char.IsSurrogatePair(primaryFormat, i))
                    {
                        cp = char.ConvertToUtf32(primaryFormat[i], primaryFormat[i + 1]);
                        i++;
                    }

                    codePoints.Add(cp);
                }

                codePoints.Reverse();
                foreach (var cp in codePoints)
                {
                    var digit = false;
                    foreach (var group in DecimalGroups)
                    {
                        if (cp >= group && cp <= group + 9)
                        {
                            digit = true;
                            mandatory++;
                            separatorPosition++;
                            if (zeroCode is null)
                            {
                                zeroCode = group;
                            }
                            else if (group != zeroCode)
                            {
                                throw new JsonataException("D3131");
                            }

                            break;
                        }
                    }

                    if (!digit)
                    {
                        if (cp == '#')
                        {
                            separatorPosition++;
                            optional++;
                        }
                        else
                        {
                            separators.Add((separatorPosition, CodePointText(cp)));
                        }
                    }
                }

                if (mandatory > 0)
                {
                    format.Primary = Primary.Decimal;
                    format.ZeroCode = zeroCode!.Value;
                    format.MandatoryDigits = mandatory;
                    format.OptionalDigits = optional;
                    var regular = RegularRepeat(separators);
                    if (regular > 0)
                    {
                        format.Regular = true;
                        format.Separators = [(regular, separators[0].Item2)];
                    }
                    else
                    {
                        format.Separators = separators;
                    }
                }
                else
                {
                    format.Primary = Primary.Sequence;
                    format.Token = primaryFormat;
                }

                break;
        }

        return format;
    }

    private static int RegularRepeat(List<(int Position, string Character)> separators)
    {
        if (separators.Count == 0)
        {
            return 0;
        }

        var sepChar = separators[0].Character;
        if (separators.Any(s => s.Character != sepChar))
        {
            return 0;
        }

        static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
        var indexes = separators.Select(s => s.Position).ToList();
        var factor = indexes.Aggregate(Gcd);
        var present = new HashSet<int>(indexes);
        for (var index = 1; index <= indexes.Count; index++)
        {
            if (!present.Contains(index * factor))
            {
                return 0;
            }
        }

        return factor;
    }

    /// <summary>Roman numerals of a non-negative integer: as many <c>m</c>s as it has thousands, then the rest.</summary>
    private static string DecimalToRoman(double value)
    {
        var thousands = Math.Floor(value / 1000);
        var rest = (int)(value - (thousands * 1000));
        var tail = new StringBuilder();
        foreach (var (v, letters) in RomanNumerals)
        {
            while (rest >= v)
            {
                tail.Append(letters);
                rest -= v;
            }
        }

        JsonataLimits.CheckStringLength(thousands + tail.Length);
        return new string('m', (int)thousands) + tail;
    }

    private static double RomanToDecimal(string roman)
    {
        var values = new Dictionary<char, int> { ['M'] = 1000, ['D'] = 500, ['C'] = 100, ['L'] = 50, ['X'] = 10, ['V'] = 5, ['I'] = 1 };
        double result = 0;
        var max = 1;
        for (var i = roman.Length - 1; i >= 0; i--)
        {
            // Any other character makes the number NaN, as JSONata's lookup of it (undefined) does.
            if (!values.TryGetValue(roman[i], out var value))
            {
                return double.NaN;
            }

            if (value < max)
            {
                result -= value;
            }
            else
            {
                max = value;
                result += value;
            }
        }

        return result;
    }

    private static string DecimalToLetters(double value, char aChar)
    {
        var letters = new StringBuilder();
        while (value > 0)
        {
            letters.Insert(0, (char)(((value - 1) % 26) + aChar));
            value = Math.Floor((value - 1) / 26);
        }

        return letters.ToString();
    }

    private static double LettersToDecimal(string letters, char aChar)
    {
        double result = 0;
        for (var index = 0; index < letters.Length; index++)
        {
            result += (letters[letters.Length - index - 1] - aChar + 1) * Math.Pow(26, index);
        }

        return result;
    }

    private static string NumberToWords(double value, bool ordinal)
    {
        string Lookup(double num, bool prev, bool ord)
        {
            string words;
            if (num <= 19)
            {
                words = (prev ? " and " : string.Empty) + (ord ? Ordinals[(int)num] : Few[(int)num]);
            }
            else if (num < 100)
            {
                var tens = (int)Math.Floor(num / 10);
                var remainder = num % 10;
                words = (prev ? " and " : string.Empty) + Decades[tens - 2];
                if (remainder > 0)
                {
                    words += "-" + Lookup(remainder, false, ord);
                }
                else if (ord)
                {
                    words = words.Substring(0, words.Length - 1) + "ieth";
                }
            }
            else if (num < 1000)
            {
                var hundreds = (int)Math.Floor(num / 100);
                var remainder = num % 100;
                words = (prev ? ", " : string.Empty) + Few[hundreds] + " Hundred";
                if (remainder > 0)
                {
                    words += Lookup(remainder, true, ord);
                }
                else if (ord)
                {
                    words += "th";
                }
            }
            else
            {
                var mag = (int)Math.Floor(Math.Log10(num) / 3);
                if (mag > Magnitudes.Length)
                {
                    mag = Magnitudes.Length;
                }

                var factor = Math.Pow(10, mag * 3);
                var mant = Math.Floor(num / factor);
                var remainder = num - (mant * factor);
                words = (prev ? ", " : string.Empty) + Lookup(mant, false, false) + " " + Magnitudes[mag - 1];
                if (remainder > 0)
                {
                    words += Lookup(remainder, true, ord);
                }
                else if (ord)
                {
                    words += "th";
                }
            }

            return words;
        }

        return Lookup(value, false, ordinal);
    }

    private static Dictionary<string, double> BuildWordValues()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Few.Length; i++)
        {
            values[Few[i].ToLowerInvariant()] = i;
        }

        for (var i = 0; i < Ordinals.Length; i++)
        {
            values[Ordinals[i].ToLowerInvariant()] = i;
        }

        for (var i = 0; i < Decades.Length; i++)
        {
            var word = Decades[i].ToLowerInvariant();
            values[word] = (i + 2) * 10;
            values[word.Substring(0, word.Length - 1) + "ieth"] = values[word];
        }

        values["hundredth"] = 100;
        for (var i = 0; i < Magnitudes.Length; i++)
        {
            var word = Magnitudes[i].ToLowerInvariant();
            var v = Math.Pow(10, (i + 1) * 3);
            values[word] = v;
            values[word + "th"] = v;
        }

        return values;
    }

    private static double WordsToNumber(string text)
    {
        var parts = Regex.Split(text, @",\s|\sand\s|[\s\\-]");
        var segs = new List<double> { 0 };
        foreach (var part in parts)
        {
            var value = WordValues.TryGetValue(part, out var v) ? v : double.NaN;
            if (value < 100 || double.IsNaN(value))
            {
                var top = segs[^1];
                segs.RemoveAt(segs.Count - 1);
                if (top >= 1000)
                {
                    segs.Add(top);
                    top = 0;
                }

                segs.Add(top + value);
            }
            else
            {
                var top = segs[^1];
                segs[^1] = top * value;
            }
        }

        return segs.Sum();
    }

    private static string IntegerRegex(IntegerFormat format) => format.Primary switch
    {
        Primary.Letters => format.Case == Case.Upper ? "[A-Z]+" : "[a-z]+",
        Primary.Roman => format.Case == Case.Upper ? "[MDCLXVI]+" : "[mdclxvi]+",
        Primary.Words => "(?:" + string.Join("|", WordValues.Keys.OrderByDescending(k => k.Length).Concat(["and", "[\\-, ]"])) + ")+",
        Primary.Decimal => (format.FixedWidth > 0 ? "[0-9]{" + format.FixedWidth.ToString(CultureInfo.InvariantCulture) + "}" : "[0-9]+") + (format.Ordinal ? "(?:th|st|nd|rd)" : string.Empty),
        _ => throw new JsonataException("D3130") { Value = format.Token, HasValue = true },
    };

    private static object? ParseIntegerValue(string value, IntegerFormat format)
    {
        switch (format.Primary)
        {
            case Primary.Letters:
                return LettersToDecimal(value, format.Case == Case.Upper ? 'A' : 'a');
            case Primary.Roman:
                return RomanToDecimal(format.Case == Case.Upper ? value : value.ToUpperInvariant());
            case Primary.Words:
                return WordsToNumber(value.ToLowerInvariant());
            case Primary.Decimal:
                var digits = value;
                if (format.Ordinal && digits.Length >= 2)
                {
                    digits = digits.Substring(0, digits.Length - 2);
                }

                if (format.Regular)
                {
                    digits = digits.Replace(",", string.Empty, StringComparison.Ordinal);
                }
                else
                {
                    foreach (var separator in format.Separators)
                    {
                        digits = digits.Replace(separator.Character, string.Empty, StringComparison.Ordinal);
                    }
                }

                if (format.ZeroCode != 0x30)
                {
                    var sb = new StringBuilder();
                    foreach (var c in digits)
                    {
                        sb.Append((char)(c - format.ZeroCode + 0x30));
                    }

                    digits = sb.ToString();
                }

                return ParseIntPrefix(digits);
            default:
                throw new JsonataException("D3130") { Value = format.Token, HasValue = true };
        }
    }

    /// <summary>JavaScript's <c>parseInt</c>: the leading integer, NaN when there is none.</summary>
    private static double ParseIntPrefix(string text)
    {
        var s = text.TrimStart();
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            negative = s[i] == '-';
            i++;
        }

        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == start)
        {
            return double.NaN;
        }

        var value = double.Parse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    // ---------------------------------------------------------------- date/time pictures

    private sealed class Part
    {
        public bool IsLiteral { get; init; }

        public string Value { get; init; } = string.Empty;

        public char Component { get; init; }

        public int? WidthMin { get; set; }

        public int? WidthMax { get; set; }

        public string? Presentation1 { get; set; }

        public char? Presentation2 { get; set; }

        public Case? Names { get; set; }

        public IntegerFormat? IntegerFormat { get; set; }

        public int N { get; set; } = -1;
    }

    private static readonly Dictionary<char, string> DefaultPresentation = new()
    {
        ['Y'] = "1", ['M'] = "1", ['D'] = "1", ['d'] = "1", ['F'] = "n", ['W'] = "1", ['w'] = "1", ['X'] = "1", ['x'] = "1",
        ['H'] = "1", ['h'] = "1", ['P'] = "n", ['m'] = "01", ['s'] = "01", ['f'] = "1", ['Z'] = "01:01", ['z'] = "01:01", ['C'] = "n", ['E'] = "n",
    };

    private static List<Part> AnalyseDateTimePicture(string picture)
    {
        var spec = new List<Part>();
        void AddLiteral(int start, int end)
        {
            if (end > start)
            {
                spec.Add(new Part { IsLiteral = true, Value = picture.Substring(start, end - start).Replace("]]", "]", StringComparison.Ordinal) });
            }
        }

        int startPos = 0, pos = 0;
        while (pos < picture.Length)
        {
            if (picture[pos] == '[')
            {
                if (pos + 1 < picture.Length && picture[pos + 1] == '[')
                {
                    AddLiteral(startPos, pos);
                    spec.Add(new Part { IsLiteral = true, Value = "[" });
                    pos += 2;
                    startPos = pos;
                    continue;
                }

                AddLiteral(startPos, pos);
                startPos = pos;
                pos = picture.IndexOf(']', startPos);
                if (pos == -1)
                {
                    throw new JsonataException("D3135");
                }

                var marker = Regex.Replace(picture.Substring(startPos + 1, pos - startPos - 1), @"\s+", string.Empty);
                var def = new Part { Component = marker.Length > 0 ? marker[0] : '\0' };
                var comma = marker.LastIndexOf(',');
                string presMod;
                if (comma != -1)
                {
                    var widthMod = marker.Substring(comma + 1);
                    var dash = widthMod.IndexOf('-', StringComparison.Ordinal);
                    static int? ParseWidth(string? wm) => wm is null || wm == "*" ? null : double.IsNaN(ParseIntPrefix(wm)) ? null : (int)ParseIntPrefix(wm);
                    if (dash == -1)
                    {
                        def.WidthMin = ParseWidth(widthMod);
                    }
                    else
                    {
                        def.WidthMin = ParseWidth(widthMod.Substring(0, dash));
                        def.WidthMax = ParseWidth(widthMod.Substring(dash + 1));
                    }

                    // JavaScript's substring(1, comma) swaps its bounds when the comma comes first ("[,F0]").
                    presMod = comma >= 1 ? marker.Substring(1, comma - 1) : marker.Substring(0, 1);
                }
                else
                {
                    presMod = marker.Length > 1 ? marker.Substring(1) : string.Empty;
                }

                if (presMod.Length == 1)
                {
                    def.Presentation1 = presMod;
                }
                else if (presMod.Length > 1)
                {
                    var lastChar = presMod[presMod.Length - 1];
                    if ("atco".Contains(lastChar, StringComparison.Ordinal))
                    {
                        def.Presentation2 = lastChar;
                        def.Presentation1 = presMod.Substring(0, presMod.Length - 1);
                    }
                    else
                    {
                        def.Presentation1 = presMod;
                    }
                }
                else
                {
                    def.Presentation1 = DefaultPresentation.TryGetValue(def.Component, out var d) ? d : null;
                }

                if (def.Presentation1 is null)
                {
                    throw new JsonataException("D3132") { Value = def.Component.ToString(), HasValue = true };
                }

                if (def.Presentation1[0] == 'n')
                {
                    def.Names = Case.Lower;
                }
                else if (def.Presentation1[0] == 'N')
                {
                    def.Names = def.Presentation1.Length > 1 && def.Presentation1[1] == 'n' ? Case.Title : Case.Upper;
                }
                else if ("YMDdFWwXxHhmsf".Contains(def.Component, StringComparison.Ordinal))
                {
                    var integerPattern = def.Presentation1;
                    if (def.Presentation2 is { } p2)
                    {
                        integerPattern += ";" + p2;
                    }

                    def.IntegerFormat = AnalyseIntegerPicture(integerPattern);
                    if (def.WidthMin is { } min && def.IntegerFormat.MandatoryDigits < min)
                    {
                        def.IntegerFormat.MandatoryDigits = min;
                    }

                    if (def.Component == 'Y')
                    {
                        def.N = -1;
                        if (def.WidthMax is { } max)
                        {
                            def.N = max;
                            def.IntegerFormat.MandatoryDigits = max;
                        }
                        else
                        {
                            var w = def.IntegerFormat.MandatoryDigits + def.IntegerFormat.OptionalDigits;
                            if (w >= 2)
                            {
                                def.N = w;
                            }
                        }
                    }
                }

                if (def.Component == 'Z' || def.Component == 'z')
                {
                    def.IntegerFormat = AnalyseIntegerPicture(def.Presentation1);
                }

                spec.Add(def);
                startPos = pos + 1;
            }

            pos++;
        }

        AddLiteral(startPos, pos);
        return spec;
    }

    private static List<Part>? _iso8601Spec;

    /// <summary>
    /// <c>$fromMillis</c> (and <c>$now</c>, named by <paramref name="functionName"/> in errors): the instant as the picture
    /// (ISO 8601 by default) prints it, in the timezone given as <c>±hhmm</c>.
    /// </summary>
    public static object? FromMillis(double millis, string? picture, string? timezone, string functionName)
    {
        var offsetHours = 0d;
        var offsetMinutes = 0d;
        if (timezone is not null)
        {
            var offset = ParseIntPrefix(timezone);
            if (double.IsNaN(offset))
            {
                // JSONata's parseInt gives NaN, and every field of the date then prints as NaN.
                throw new JsonataException(
                    "D3030",
                    "Unable to cast value to a number: " + JsonataText.Stringify(timezone) + " (the timezone of $" + functionName + ", an offset such as \"+0100\" or \"-0530\")");
            }

            offsetHours = Math.Floor(offset / 100);
            offsetMinutes = offset % 100;
        }

        var spec = picture is null
            ? _iso8601Spec ??= AnalyseDateTimePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]")
            : AnalyseDateTimePicture(picture);
        var shifted = millis + (((offsetHours * 60) + offsetMinutes) * 60 * 1000);
        if (!double.IsFinite(shifted) || Math.Abs(shifted) > MaxMillis)
        {
            // JavaScript's Date holds no such instant (JSONata prints NaN for each field).
            throw new JsonataException(
                "D1001",
                "Number out of range: " + JsonataText.FormatNumber(millis) + (timezone is null ? string.Empty : " in timezone " + JsonataText.Stringify(timezone)) +
                " ($" + functionName + " takes milliseconds from -8640000000000000 to 8640000000000000, the dates JavaScript represents)")
            {
                Value = millis,
            };
        }

        var date = new UtcDate(Math.Floor(shifted));
        var result = new StringBuilder();
        foreach (var part in spec)
        {
            result.Append(part.IsLiteral ? part.Value : FormatComponent(date, part, offsetHours, offsetMinutes));
        }

        return result.ToString();
    }

    private static string FormatComponent(UtcDate date, Part part, double offsetHours, double offsetMinutes)
    {
        var c = part.Component;
        if ("YMDdFWwXxHhms".Contains(c, StringComparison.Ordinal))
        {
            var value = (double)Fragment(date, c)!;
            if (c == 'Y' && part.N != -1)
            {
                value %= Math.Pow(10, part.N);
            }

            if (part.Names is { } names)
            {
                string text;
                if (c == 'M' || c == 'x')
                {
                    text = Months[(int)value - 1];
                }
                else if (c == 'F')
                {
                    text = Days[(int)value];
                }
                else
                {
                    throw new JsonataException("D3133") { Value = c.ToString(), HasValue = true };
                }

                text = names switch { Case.Upper => text.ToUpperInvariant(), Case.Lower => text.ToLowerInvariant(), _ => text };
                if (part.WidthMax is { } max && text.Length > max)
                {
                    // JavaScript's substring reads a negative end as 0.
                    text = text.Substring(0, Math.Max(0, max));
                }

                return text;
            }

            return FormatIntegerCore(value, part.IntegerFormat!);
        }

        if (c == 'f')
        {
            return FormatIntegerCore((double)Fragment(date, c)!, part.IntegerFormat!);
        }

        if (c == 'Z' || c == 'z')
        {
            var offset = (offsetHours * 100) + offsetMinutes;
            var format = part.IntegerFormat!;
            string text;
            if (format.Regular)
            {
                text = FormatIntegerCore(offset, format);
            }
            else
            {
                var numDigits = format.MandatoryDigits;
                if (numDigits == 1 || numDigits == 2)
                {
                    text = FormatIntegerCore(offsetHours, format);
                    if (offsetMinutes != 0)
                    {
                        text += ":" + FormatIntegerCore(offsetMinutes, AnalyseIntegerPicture("00"));
                    }
                }
                else if (numDigits == 3 || numDigits == 4)
                {
                    text = FormatIntegerCore(offset, format);
                }
                else
                {
                    throw new JsonataException("D3134") { Value = (double)numDigits, HasValue = true };
                }
            }

            if (offset >= 0)
            {
                text = "+" + text;
            }

            if (c == 'z')
            {
                text = "GMT" + text;
            }

            if (offset == 0 && part.Presentation2 == 't')
            {
                text = "Z";
            }

            return text;
        }

        if (c == 'P')
        {
            var ampm = (string)Fragment(date, c)!;
            return part.Names == Case.Upper ? ampm.ToUpperInvariant() : ampm;
        }

        return Fragment(date, c) as string ?? string.Empty;
    }

    /// <summary>A UTC instant split into calendar fields (JavaScript <c>Date</c>'s UTC getters).</summary>
    private readonly struct UtcDate
    {
        public UtcDate(double millis)
        {
            Millis = millis;
            var days = Math.Floor(millis / MillisInADay);
            var msOfDay = millis - (days * MillisInADay);
            (Year, Month, Day) = CivilFromDays((long)days);
            Hours = (int)(msOfDay / 3_600_000);
            Minutes = (int)(msOfDay / 60_000 % 60);
            Seconds = (int)(msOfDay / 1000 % 60);
            Milliseconds = (int)(msOfDay % 1000);
            var dow = (int)(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday (4)
            DayOfWeek = dow;
        }

        public double Millis { get; }

        public long Year { get; }

        /// <summary>Zero-based month.</summary>
        public int Month { get; }

        public int Day { get; }

        public int Hours { get; }

        public int Minutes { get; }

        public int Seconds { get; }

        public int Milliseconds { get; }

        /// <summary>0 = Sunday.</summary>
        public int DayOfWeek { get; }
    }

    private static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var y = yoe + (era * 400);
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m - 1, d);
    }

    private static long DaysFromCivil(long y, long m, long d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m > 2 ? m - 3 : m + 9)) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    /// <summary>JavaScript's <c>Date.UTC</c>, month zero-based and overflowing into the year.</summary>
    private static double DateUtc(double year, double month = 0, double day = 1, double hours = 0, double minutes = 0, double seconds = 0, double ms = 0)
    {
        if (double.IsNaN(year) || double.IsNaN(month) || double.IsNaN(day) || double.IsNaN(hours) || double.IsNaN(minutes) || double.IsNaN(seconds) || double.IsNaN(ms))
        {
            return double.NaN;
        }

        // Years and months as V8 bounds them before computing a day (far outside the date range, which TimeClip checks).
        if (!(Math.Abs(year) <= 1_000_000) || !(Math.Abs(month) <= 10_000_000))
        {
            return double.NaN;
        }

        var y = year + Math.Floor(month / 12);
        var mn = ((month % 12) + 12) % 12;
        var days = DaysFromCivil((long)y, (long)mn + 1, 1) + day - 1;
        return (days * MillisInADay) + (hours * 3_600_000) + (minutes * 60_000) + (seconds * 1000) + ms;
    }

    /// <summary>JavaScript's TimeClip: NaN for an instant outside <c>Date</c>'s range.</summary>
    private static double TimeClip(double millis) => double.IsFinite(millis) && Math.Abs(millis) <= MaxMillis ? millis : double.NaN;

    private static double StartOfFirstWeek(long year, int month)
    {
        var y = year + (month < 0 ? -1 : month > 11 ? 1 : 0);
        var m = ((month % 12) + 12) % 12;
        var jan1 = DateUtc(y, m);
        var dayOfJan1 = new UtcDate(jan1).DayOfWeek;
        if (dayOfJan1 == 0)
        {
            dayOfJan1 = 7;
        }

        return dayOfJan1 > 4 ? jan1 + ((8 - dayOfJan1) * MillisInADay) : jan1 - ((dayOfJan1 - 1) * MillisInADay);
    }

    private static double DeltaWeeks(double start, double end) => ((end - start) / (MillisInADay * 7)) + 1;

    private static object? Fragment(UtcDate date, char component)
    {
        switch (component)
        {
            case 'Y':
                return (double)date.Year;
            case 'M':
                return (double)(date.Month + 1);
            case 'D':
                return (double)date.Day;
            case 'd':
                {
                    var today = DateUtc(date.Year, date.Month, date.Day);
                    var firstJan = DateUtc(date.Year, 0);
                    return ((today - firstJan) / MillisInADay) + 1;
                }

            case 'F':
                return (double)(date.DayOfWeek == 0 ? 7 : date.DayOfWeek);
            case 'W':
                {
                    var startOfWeek1 = StartOfFirstWeek(date.Year, 0);
                    var today = DateUtc(date.Year, date.Month, date.Day);
                    var week = DeltaWeeks(startOfWeek1, today);
                    if (week > 52)
                    {
                        if (today >= StartOfFirstWeek(date.Year + 1, 0))
                        {
                            week = 1;
                        }
                    }
                    else if (week < 1)
                    {
                        week = DeltaWeeks(StartOfFirstWeek(date.Year - 1, 0), today);
                    }

                    return Math.Floor(week);
                }

            case 'w':
                {
                    var startOfWeek1 = StartOfFirstWeek(date.Year, date.Month);
                    var today = DateUtc(date.Year, date.Month, date.Day);
                    var week = DeltaWeeks(startOfWeek1, today);
                    if (week > 4)
                    {
                        if (today >= StartOfFirstWeek(date.Year, date.Month + 1))
                        {
                            week = 1;
                        }
                    }
                    else if (week < 1)
                    {
                        week = DeltaWeeks(StartOfFirstWeek(date.Year, date.Month - 1), today);
                    }

                    return Math.Floor(week);
                }

            case 'X':
                {
                    var start = StartOfFirstWeek(date.Year, 0);
                    var end = StartOfFirstWeek(date.Year + 1, 0);
                    return (double)(date.Millis < start ? date.Year - 1 : date.Millis >= end ? date.Year + 1 : date.Year);
                }

            case 'x':
                {
                    var start = StartOfFirstWeek(date.Year, date.Month);
                    var end = StartOfFirstWeek(date.Year, date.Month + 1);
                    var month = date.Millis < start ? (date.Month + 11) % 12 : date.Millis >= end ? (date.Month + 1) % 12 : date.Month;
                    return (double)(month + 1);
                }

            case 'H':
                return (double)date.Hours;
            case 'h':
                var h = date.Hours % 12;
                return (double)(h == 0 ? 12 : h);
            case 'P':
                return date.Hours >= 12 ? "pm" : "am";
            case 'm':
                return (double)date.Minutes;
            case 's':
                return (double)date.Seconds;
            case 'f':
                return (double)date.Milliseconds;
            case 'C':
            case 'E':
                return "ISO";
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------- parsing

    public static object? ToMillis(string timestamp, string? picture, DateTimeOffset now)
    {
        if (picture is null)
        {
            if (!Iso8601.IsMatch(timestamp))
            {
                throw new JsonataException("D3110") { Value = timestamp, HasValue = true };
            }

            return ParseIso(timestamp);
        }

        return ParseDateTime(timestamp, picture, now);
    }

    private static object? ParseIso(string s)
    {
        var m = Regex.Match(s, @"^([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?\z", RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return double.NaN;
        }

        int G(int i, int d) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : d;
        var year = G(1, 0);
        var month = G(2, 1);
        var day = G(3, 1);
        var hour = G(4, 0);
        var minute = G(5, 0);
        var second = G(6, 0);
        var ms = m.Groups[7].Success ? int.Parse(m.Groups[7].Value.PadRight(3, '0').Substring(0, 3), CultureInfo.InvariantCulture) : 0;
        if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute > 0 || second > 0 || ms > 0)))
        {
            return null;
        }

        var millis = DateUtc(year, month - 1, day, hour, minute, second, ms);
        if (m.Groups[8].Success && m.Groups[8].Value != "Z")
        {
            var zone = m.Groups[8].Value.Replace(":", string.Empty, StringComparison.Ordinal);
            var sign = zone[0] == '-' ? -1 : 1;
            var zh = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var zm = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
            millis -= sign * ((zh * 60) + zm) * 60_000;
        }

        return millis;
    }

    private static int DaysInMonth(int year, int month) => month == 2
        ? ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28)
        : month is 4 or 6 or 9 or 11 ? 30 : 31;

    private static object? ParseDateTime(string timestamp, string picture, DateTimeOffset now)
    {
        var spec = AnalyseDateTimePicture(picture);
        var regex = new StringBuilder("^");
        var parsers = new List<(char Component, Func<string, double>? Parse)>();
        for (var i = 0; i < spec.Count; i++)
        {
            var part = spec[i];
            string partRegex;
            Func<string, double>? parse = null;
            if (part.IsLiteral)
            {
                var literal = new StringBuilder();
                JsonataRegexTranslator.AppendLiteral(literal, part.Value, ignoreCase: true);
                partRegex = literal.ToString();
            }
            else if (part.Component == 'Z' || part.Component == 'z')
            {
                var format = part.IntegerFormat!;
                string? separator = format.Regular && format.Separators.Count > 0 ? format.Separators[0].Character : null;
                partRegex = (part.Component == 'z' ? "GMT" : string.Empty) + "[-+][0-9]+" + (separator is null ? string.Empty : Regex.Escape(separator) + "[0-9]+");
                var isGmt = part.Component == 'z';
                parse = value =>
                {
                    if (isGmt)
                    {
                        value = value.Substring(3);
                    }

                    double offsetHours, offsetMinutes = 0;
                    if (separator is not null)
                    {
                        var at = value.IndexOf(separator, StringComparison.Ordinal);
                        offsetHours = ParseIntPrefix(value.Substring(0, at));
                        offsetMinutes = ParseIntPrefix(value.Substring(at + separator.Length));
                    }
                    else if (value.Length - 1 <= 2)
                    {
                        offsetHours = ParseIntPrefix(value);
                    }
                    else
                    {
                        offsetHours = ParseIntPrefix(value.Substring(0, 3));
                        offsetMinutes = ParseIntPrefix(value.Substring(3));
                    }

                    return (offsetHours * 60) + offsetMinutes;
                };
            }
            else if (part.IntegerFormat is { } integerFormat)
            {
                // Adjacent numeric markers with no literal between them are read at their fixed width.
                var nextIsNumeric = i + 1 < spec.Count && !spec[i + 1].IsLiteral && spec[i + 1].IntegerFormat is not null;
                if (nextIsNumeric && integerFormat.Primary == Primary.Decimal)
                {
                    // No timestamp is longer than the longest string, so a wider field cannot match anyway.
                    integerFormat.FixedWidth = Math.Clamp(integerFormat.MandatoryDigits, 1, JsonataLimits.MaxStringLength + 1);
                }

                partRegex = IntegerRegex(integerFormat);
                parse = value => ParseIntegerValue(value, integerFormat) is double d ? d : double.NaN;
            }
            else
            {
                partRegex = "[a-zA-Z]+";
                var lookup = new Dictionary<string, double>(StringComparer.Ordinal);
                if (part.Component == 'M' || part.Component == 'x')
                {
                    for (var mi = 0; mi < Months.Length; mi++)
                    {
                        lookup[part.WidthMax is { } max ? Months[mi].Substring(0, Math.Clamp(max, 0, Months[mi].Length)) : Months[mi]] = mi + 1;
                    }
                }
                else if (part.Component == 'F')
                {
                    for (var di = 1; di < Days.Length; di++)
                    {
                        lookup[part.WidthMax is { } max ? Days[di].Substring(0, Math.Clamp(max, 0, Days[di].Length)) : Days[di]] = di;
                    }
                }
                else if (part.Component == 'P')
                {
                    lookup["am"] = 0;
                    lookup["AM"] = 0;
                    lookup["pm"] = 1;
                    lookup["PM"] = 1;
                }
                else
                {
                    throw new JsonataException("D3133") { Value = part.Component.ToString(), HasValue = true };
                }

                parse = value => lookup.TryGetValue(value, out var v) ? v : double.NaN;
            }

            regex.Append('(').Append(partRegex).Append(')');
            parsers.Add((part.Component, parse));
        }

        regex.Append(@"\z"); // JavaScript's $: the end of the text, not also before a final newline
        var match = Regex.Match(timestamp, regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        var components = new Dictionary<char, double>();
        for (var i = 1; i < match.Groups.Count; i++)
        {
            var (component, parse) = parsers[i - 1];
            if (parse is not null)
            {
                components[component] = parse(match.Groups[i].Value);
            }
        }

        if (components.Count == 0)
        {
            return null;
        }

        var mask = 0;
        void Shift(char part)
        {
            mask <<= 1;
            mask += components.TryGetValue(part, out var v) && v != 0 && !double.IsNaN(v) ? 1 : 0;
        }

        bool IsType(int type) => (~type & mask) == 0 && (type & mask) != 0;
        foreach (var p in "YXMxWwdD")
        {
            Shift(p);
        }

        var dateA = IsType(161);
        var dateB = !dateA && IsType(130);
        var dateC = IsType(84);
        var dateD = !dateC && IsType(72);
        mask = 0;
        foreach (var p in "PHhmsf")
        {
            Shift(p);
        }

        var timeA = IsType(23);
        var timeB = !timeA && IsType(47);
        var dateComps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD";
        var timeComps = timeB ? "Phmsf" : "Hmsf";
        var nowDate = new UtcDate(now.ToUnixTimeMilliseconds());
        var startSpecified = false;
        var endSpecified = false;
        foreach (var part in dateComps + timeComps)
        {
            if (!components.ContainsKey(part))
            {
                if (startSpecified)
                {
                    components[part] = "MDd".Contains(part, StringComparison.Ordinal) ? 1 : 0;
                    endSpecified = true;
                }
                else
                {
                    components[part] = Fragment(nowDate, part) is double d ? d : 0;
                }
            }
            else
            {
                startSpecified = true;
                if (endSpecified)
                {
                    throw new JsonataException("D3136");
                }
            }
        }

        components['M'] = components.TryGetValue('M', out var month) && month > 0 ? month - 1 : 0;
        if (dateB)
        {
            var firstJan = TimeClip(DateUtc(components['Y'], 0));
            if (double.IsNaN(firstJan))
            {
                return double.NaN;
            }

            var derived = new UtcDate(firstJan + ((components['d'] - 1) * MillisInADay));
            components['M'] = derived.Month;
            components['D'] = derived.Day;
        }

        if (dateC || dateD)
        {
            throw new JsonataException("D3136");
        }

        if (timeB)
        {
            components['H'] = components['h'] == 12 ? 0 : components['h'];
            if (components['P'] == 1)
            {
                components['H'] += 12;
            }
        }

        double Get(char c) => components.TryGetValue(c, out var v) ? v : 0;

        // As Date.UTC: past the range of dates (year 275760) the result is NaN, as in JSONata.
        var millis = TimeClip(DateUtc(Get('Y'), Get('M'), Get('D'), Get('H'), Get('m'), Get('s'), Get('f')));
        var zoneOffset = components.TryGetValue('Z', out var z) && z != 0 ? z : components.TryGetValue('z', out var z2) ? z2 : 0;
        if (zoneOffset != 0)
        {
            millis -= zoneOffset * 60 * 1000;
        }

        return millis;
    }
}
