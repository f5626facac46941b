using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>Number and value printing as JavaScript (and so JSONata) does it.</summary>
internal static class JsonataText
{
    /// <summary>What JavaScript's <c>trim</c> and <c>Number</c> take for white space: its white space and line terminators.</summary>
    public static readonly char[] JavaScriptWhiteSpace =
    [
        '\t', '\n', '\v', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
        '\u2006', '\u2007', '\u2008', '\u2009', '\u200A', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF',
    ];

    /// <summary>JavaScript's <c>Number.prototype.toString()</c>: shortest round-trip digits, exponent outside 1e-7..1e21.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        if (Math.Floor(value) == value && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative)
        {
            r = r.Substring(1);
        }

        var exponent = 0;
        var ePos = r.IndexOf('E', StringComparison.Ordinal);
        if (ePos >= 0)
        {
            exponent = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r.Substring(0, ePos);
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        string digits;
        int pointPos;
        if (dot >= 0)
        {
            digits = string.Concat(r.AsSpan(0, dot), r.AsSpan(dot + 1));
            pointPos = dot;
        }
        else
        {
            digits = r;
            pointPos = r.Length;
        }

        // Normalize: strip leading zeros (0.00123 -> digits 123, point moves left).
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits.Substring(lead);
        pointPos -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var k = pointPos + exponent;
        var n = digits.Length;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (n <= k && k <= 21)
        {
            sb.Append(digits).Append('0', k - n);
        }
        else if (0 < k && k <= 21)
        {
            sb.Append(digits, 0, k).Append('.').Append(digits, k, n - k);
        }
        else if (-6 < k && k <= 0)
        {
            sb.Append("0.").Append('0', -k).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (n > 1)
            {
                sb.Append('.').Append(digits, 1, n - 1);
            }

            var e = k - 1;
            sb.Append('e').Append(e >= 0 ? '+' : '-').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The mappings of JavaScript's <c>toUpperCase</c> that .NET's invariant casing leaves out: Unicode's one-to-many
    /// mappings (SpecialCasing.txt: ß to SS, ligatures, Greek with ypogegrammeni ...) and ı and ſ to ASCII I and S.
    /// </summary>
    private static readonly Dictionary<char, string> UpperSpecial = new()
    {
        ['\u00DF'] = "SS", ['\u0131'] = "I", ['\u0149'] = "\u02BCN", ['\u017F'] = "S", ['\u01F0'] = "J\u030C",
        ['\u0390'] = "\u0399\u0308\u0301", ['\u03B0'] = "\u03A5\u0308\u0301", ['\u0587'] = "\u0535\u0552",
        ['\u1E96'] = "H\u0331", ['\u1E97'] = "T\u0308", ['\u1E98'] = "W\u030A", ['\u1E99'] = "Y\u030A",
        ['\u1E9A'] = "A\u02BE", ['\u1F50'] = "\u03A5\u0313", ['\u1F52'] = "\u03A5\u0313\u0300",
        ['\u1F54'] = "\u03A5\u0313\u0301", ['\u1F56'] = "\u03A5\u0313\u0342", ['\u1F80'] = "\u1F08\u0399",
        ['\u1F81'] = "\u1F09\u0399", ['\u1F82'] = "\u1F0A\u0399", ['\u1F83'] = "\u1F0B\u0399",
        ['\u1F84'] = "\u1F0C\u0399", ['\u1F85'] = "\u1F0D\u0399", ['\u1F86'] = "\u1F0E\u0399",
        ['\u1F87'] = "\u1F0F\u0399", ['\u1F88'] = "\u1F08\u0399", ['\u1F89'] = "\u1F09\u0399",
        ['\u1F8A'] = "\u1F0A\u0399", ['\u1F8B'] = "\u1F0B\u0399", ['\u1F8C'] = "\u1F0C\u0399",
        ['\u1F8D'] = "\u1F0D\u0399", ['\u1F8E'] = "\u1F0E\u0399", ['\u1F8F'] = "\u1F0F\u0399",
        ['\u1F90'] = "\u1F28\u0399", ['\u1F91'] = "\u1F29\u0399", ['\u1F92'] = "\u1F2A\u0399",
        ['\u1F93'] = "\u1F2B\u0399", ['\u1F94'] = "\u1F2C\u0399", ['\u1F95'] = "\u1F2D\u0399",
        ['\u1F96'] = "\u1F2E\u0399", ['\u1F97'] = "\u1F2F\u0399", ['\u1F98'] = "\u1F28\u0399",
        ['\u1F99'] = "\u1F29\u0399", ['\u1F9A'] = "\u1F2A\u0399", ['\u1F9B'] = "\u1F2B\u0399",
        ['\u1F9C'] = "\u1F2C\u0399", ['\u1F9D'] = "\u1F2D\u0399", ['\u1F9E'] = "\u1F2E\u0399",
        ['\u1F9F'] = "\u1F2F\u0399", ['\u1FA0'] = "\u1F68\u0399", ['\u1FA1'] = "\u1F69\u0399",
        ['\u1FA2'] = "\u1F6A\u0399", ['\u1FA3'] = "\u1F6B\u0399", ['\u1FA4'] = "\u1F6C\u0399",
        ['\u1FA5'] = "\u1F6D\u0399", ['\u1FA6'] = "\u1F6E\u0399", ['\u1FA7'] = "\u1F6F\u0399",
        ['\u1FA8'] = "\u1F68\u0399", ['\u1FA9'] = "\u1F69\u0399", ['\u1FAA'] = "\u1F6A\u0399",
        ['\u1FAB'] = "\u1F6B\u0399", ['\u1FAC'] = "\u1F6C\u0399", ['\u1FAD'] = "\u1F6D\u0399",
        ['\u1FAE'] = "\u1F6E\u0399", ['\u1FAF'] = "\u1F6F\u0399", ['\u1FB2'] = "\u1FBA\u0399",
        ['\u1FB3'] = "\u0391\u0399", ['\u1FB4'] = "\u0386\u0399", ['\u1FB6'] = "\u0391\u0342",
        ['\u1FB7'] = "\u0391\u0342\u0399", ['\u1FBC'] = "\u0391\u0399", ['\u1FC2'] = "\u1FCA\u0399",
        ['\u1FC3'] = "\u0397\u0399", ['\u1FC4'] = "\u0389\u0399", ['\u1FC6'] = "\u0397\u0342",
        ['\u1FC7'] = "\u0397\u0342\u0399", ['\u1FCC'] = "\u0397\u0399", ['\u1FD2'] = "\u0399\u0308\u0300",
        ['\u1FD3'] = "\u0399\u0308\u0301", ['\u1FD6'] = "\u0399\u0342", ['\u1FD7'] = "\u0399\u0308\u0342",
        ['\u1FE2'] = "\u03A5\u0308\u0300", ['\u1FE3'] = "\u03A5\u0308\u0301", ['\u1FE4'] = "\u03A1\u0313",
        ['\u1FE6'] = "\u03A5\u0342", ['\u1FE7'] = "\u03A5\u0308\u0342", ['\u1FF2'] = "\u1FFA\u0399",
        ['\u1FF3'] = "\u03A9\u0399", ['\u1FF4'] = "\u038F\u0399", ['\u1FF6'] = "\u03A9\u0342",
        ['\u1FF7'] = "\u03A9\u0342\u0399", ['\u1FFC'] = "\u03A9\u0399", ['\uFB00'] = "FF", ['\uFB01'] = "FI",
        ['\uFB02'] = "FL", ['\uFB03'] = "FFI", ['\uFB04'] = "FFL", ['\uFB05'] = "ST", ['\uFB06'] = "ST",
        ['\uFB13'] = "\u0544\u0546", ['\uFB14'] = "\u0544\u0535", ['\uFB15'] = "\u0544\u053B",
        ['\uFB16'] = "\u054E\u0546", ['\uFB17'] = "\u0544\u053D",
    };

    private static readonly SearchValues<char> UpperSpecialChars = SearchValues.Create(string.Concat(UpperSpecial.Keys));

    /// <summary><c>$uppercase</c>: JavaScript's <c>toUpperCase</c> (full Unicode case mapping).</summary>
    public static string ToUpper(string s)
    {
        var next = s.AsSpan().IndexOfAny(UpperSpecialChars);
        if (next < 0)
        {
            return s.ToUpperInvariant();
        }

        var sb = new StringBuilder(s.Length + 8);
        var start = 0;
        for (var i = next; i < s.Length; i++)
        {
            if (UpperSpecial.TryGetValue(s[i], out var mapped))
            {
                sb.Append(s.Substring(start, i - start).ToUpperInvariant()).Append(mapped);
                start = i + 1;
            }
        }

        return sb.Append(s.Substring(start).ToUpperInvariant()).ToString();
    }

    /// <summary>
    /// <c>$lowercase</c>: JavaScript's <c>toLowerCase</c>, which adds to .NET's invariant casing İ to i + combining dot
    /// and the final sigma (Σ is ς after a cased letter that no cased letter follows, case-ignorable characters
    /// between them skipped).
    /// </summary>
    public static string ToLower(string s)
    {
        var lower = s.ToLowerInvariant();
        if (s.AsSpan().IndexOfAny('\u0130', '\u03A3') < 0)
        {
            return lower;
        }

        // Invariant casing maps UTF-16 unit for unit, so lower[i] is s[i] lowercased.
        var sb = new StringBuilder(s.Length + 4);
        for (var i = 0; i < s.Length; i++)
        {
            sb.Append(s[i] switch
            {
                '\u0130' => "i\u0307",
                '\u03A3' => IsFinalSigma(s, i) ? "\u03C2" : "\u03C3",
                _ => lower[i].ToString(),
            });
        }

        return sb.ToString();
    }

    private static bool IsFinalSigma(string s, int at)
    {
        var i = at;
        var before = false;
        while (i > 0 && Rune.DecodeLastFromUtf16(s.AsSpan(0, i), out var rune, out var length) == OperationStatus.Done)
        {
            i -= length;
            if (!IsCaseIgnorable(rune))
            {
                before = IsCased(rune);
                break;
            }
        }

        if (!before)
        {
            return false;
        }

        i = at + 1;
        while (i < s.Length && Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out var length) == OperationStatus.Done)
        {
            i += length;
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }
        }

        return true;
    }

    // Unicode's Cased: the case letters, letters with a case mapping, and the other lowercase letters ª and º (the
    // other Other_Lowercase/Other_Uppercase characters are modifier letters, case-ignorable first, or have mappings).
    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        || Rune.ToUpperInvariant(rune) != rune || Rune.ToLowerInvariant(rune) != rune || rune.Value is '\u00AA' or '\u00BA';

    private static bool IsCaseIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || rune.Value is '\'' or '.' or ':' or '\u00B7' or '\u0387' or '\u055F' or '\u05F4' or '\u2018' or '\u2019' or '\u2024' or '\u2027'
            or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A';

    /// <summary>Rounds to 15 significant digits, as <c>$string</c> does (<c>Number(n.toPrecision(15))</c>).</summary>
    public static double ToPrecision15(double value)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        return double.Parse(value.ToString("E14", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary><c>JSON.stringify</c> of a value as JSONata's <c>$string</c> does it (numbers to 15 digits, functions as "").</summary>
    public static string Stringify(object? value, bool pretty = false)
    {
        if (value is null)
        {
            return "undefined";
        }

        var sb = new StringBuilder();
        Write(sb, value, pretty, 0, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, bool pretty, int indent, int depth)
    {
        if (depth > 1000)
        {
            throw new JsonataException("U1001", "The value is nested too deeply to print");
        }

        // Every value writes at least one character, so this also bounds a value whose parts are shared many times.
        if (sb.Length > JsonataLimits.MaxStringLength)
        {
            throw JsonataLimits.StringTooLong(sb.Length);
        }

        JsonataLimits.Work(1);

        switch (value)
        {
            case null:
            case JsonataNull:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                if (double.IsInfinity(d))
                {
                    throw new JsonataException("D1001") { Value = d, HasValue = true };
                }

                // JSON.stringify prints NaN, and a number that rounds past the largest double, as null.
                var rounded = ToPrecision15(d);
                sb.Append(double.IsFinite(rounded) ? FormatNumber(rounded) : "null");
                break;
            case string s:
                JsonValueWriter.AppendQuoted(sb, s);
                break;
            case JsonataFunction:
                sb.Append("\"\"");
                break;
            case JsonataArray a:
                if (a.OuterWrapper && a.Count > 0)
                {
                    Write(sb, a[0], pretty, indent, depth + 1);
                    break;
                }

                if (a.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    NewLine(sb, pretty, indent + 1);
                    Write(sb, a[i], pretty, indent + 1, depth + 1);
                }

                NewLine(sb, pretty, indent);
                sb.Append(']');
                break;
            case JsonObjectValue o:
                WriteMembers(sb, o.Count, i => (o[i].Key, JsonataConvert.FromJson(o[i].Value)), pretty, indent, depth);
                break;
            case JsonataObject jo:
                WriteMembers(sb, jo.Count, i => (jo.Keys[i], jo[jo.Keys[i]]), pretty, indent, depth);
                break;
            case JsonataTuple t:
                Write(sb, t.Focus, pretty, indent, depth + 1);
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteMembers(StringBuilder sb, int count, Func<int, (string Key, object? Value)> member, bool pretty, int indent, int depth)
    {
        var first = true;
        sb.Append('{');
        for (var i = 0; i < count; i++)
        {
            var (key, v) = member(i);
            if (v is null)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            NewLine(sb, pretty, indent + 1);
            JsonValueWriter.AppendQuoted(sb, key);
            sb.Append(pretty ? ": " : ":");
            Write(sb, v, pretty, indent + 1, depth + 1);
        }

        if (!first)
        {
            NewLine(sb, pretty, indent);
        }

        sb.Append('}');
    }

    private static void NewLine(StringBuilder sb, bool pretty, int indent)
    {
        if (pretty)
        {
            sb.Append('\n').Append(' ', indent * 2);
        }
    }
}
