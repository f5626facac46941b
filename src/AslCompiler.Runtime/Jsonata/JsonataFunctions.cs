using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>JSONata's built-in functions (2.0.6), with JSONata's signatures and argument rules.</summary>
internal static partial class JsonataFunctions
{
    /// <summary>The standard JSONata function library.</summary>
    public static readonly JsonataFrame StandardLibrary = CreateLibrary(stepFunctions: false);

    /// <summary>The Step Functions library: no <c>$eval</c>; adds <c>$partition</c>, <c>$range</c>, <c>$hash</c>, <c>$random(seed)</c>, <c>$uuid</c>, <c>$parse</c>.</summary>
    public static readonly JsonataFrame StepFunctionsLibrary = CreateLibrary(stepFunctions: true);

    private static JsonataFrame CreateLibrary(bool stepFunctions)
    {
        var frame = new JsonataFrame(null);
        void Define(string name, string? signature, int arity, BuiltinImplementation impl) => frame.Bind(name, new BuiltinFunction(name, signature, arity, impl));

        Define("sum", "<a<n>:n>", 1, (_, a, _, _) => a[0] is JsonataArray arr ? Sum(arr) : null);
        Define("count", "<a:n>", 1, (_, a, _, _) => a[0] is JsonataArray arr ? (double)arr.Count : 0d);
        Define("max", "<a<n>:n>", 1, (_, a, _, _) => a[0] is JsonataArray { Count: > 0 } arr ? arr.Max(x => (double)x!) : null);
        Define("min", "<a<n>:n>", 1, (_, a, _, _) => a[0] is JsonataArray { Count: > 0 } arr ? arr.Min(x => (double)x!) : null);
        Define("average", "<a<n>:n>", 1, (_, a, _, _) => a[0] is JsonataArray { Count: > 0 } arr ? Sum(arr) / arr.Count : null);
        Define("string", "<x-b?:s>", 1, (_, a, _, _) => a[0] is null ? null : StringOf(a[0], Arg(a, 1) is bool b && b));
        Define("substring", "<s-nn?:s>", 3, (_, a, _, _) => Substring(a));
        Define("substringBefore", "<s-s:s>", 2, (_, a, _, _) => a[0] is string s ? (Arg(a, 1) is string c && s.IndexOf(c, StringComparison.Ordinal) is var p && p > -1 ? s.Substring(0, p) : s) : null);
        Define("substringAfter", "<s-s:s>", 2, (_, a, _, _) => a[0] is string s ? (Arg(a, 1) is string c && s.IndexOf(c, StringComparison.Ordinal) is var p && p > -1 ? s.Substring(p + c.Length) : s) : null);
        Define("lowercase", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataText.ToLower(s) : null);
        Define("uppercase", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataText.ToUpper(s) : null);
        Define("length", "<s-:n>", 1, (_, a, _, _) => a[0] is string s ? (double)CodePointCount(s) : null);
        Define("trim", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? Trim(s) : null);
        Define("pad", "<s-ns?:s>", 3, (_, a, _, _) => Pad(a));
        Define("match", "<s-f<s:o>n?:a<o>>", 3, (e, a, _, _) => Match(e, a));
        Define("contains", "<s-(sf):b>", 2, (e, a, _, _) => Contains(e, a));
        Define("replace", "<s-(sf)(sf)n?:s>", 4, (e, a, _, env) => Replace(e, a, env));
        Define("split", "<s-(sf)n?:a<s>>", 3, (e, a, _, _) => Split(e, a));
        Define("join", "<a<s>s?:s>", 2, (_, a, _, _) => a[0] is JsonataArray arr ? Join(arr, Arg(a, 1) as string ?? string.Empty) : null);
        Define("formatNumber", "<n-so?:s>", 3, (_, a, _, _) => JsonataNumberFormat.FormatNumber(a));
        Define("formatBase", "<n-n?:s>", 2, (_, a, _, _) => FormatBase(a));
        Define("formatInteger", "<n-s:s>", 2, (_, a, _, _) => a[0] is double d && Arg(a, 1) is string picture ? JsonataDateTime.FormatInteger(d, picture) : null);
        Define("parseInteger", "<s-s:n>", 2, (_, a, _, _) => a[0] is string s && Arg(a, 1) is string picture ? JsonataDateTime.ParseInteger(s, picture) : null);
        Define("number", "<(nsb)-:n>", 1, (_, a, _, _) => ToNumber(a[0]));
        Define("floor", "<n-:n>", 1, (_, a, _, _) => a[0] is double d ? Math.Floor(d) : null);
        Define("ceil", "<n-:n>", 1, (_, a, _, _) => a[0] is double d ? Math.Ceiling(d) : null);
        Define("round", "<n-n?:n>", 2, (_, a, _, _) => a[0] is double d ? Round(d, Arg(a, 1) is double p ? p : 0) : null);
        Define("abs", "<n-:n>", 1, (_, a, _, _) => a[0] is double d ? Math.Abs(d) : null);
        Define("sqrt", "<n-:n>", 1, (_, a, _, _) => a[0] is double d ? (d < 0 ? throw new JsonataException("D3060") { Value = d, HasValue = true, Index = 1 } : Math.Sqrt(d)) : null);
        Define("power", "<n-n:n>", 2, (_, a, _, _) => Power(a));
        Define("boolean", "<x-:b>", 1, (_, a, _, _) => a[0] is null ? null : Boxes.Bool(JsonataEvaluator.IsTruthy(a[0])));
        Define("not", "<x-:b>", 1, (_, a, _, _) => a[0] is null ? null : Boxes.Bool(!JsonataEvaluator.IsTruthy(a[0])));
        Define("map", "<af>", 2, (e, a, _, env) => Map(e, a, env));
        Define("zip", "<a+>", 0, (_, a, _, _) => Zip(a));
        Define("filter", "<af>", 2, (e, a, _, env) => Filter(e, a, env));
        Define("single", "<af?>", 2, (e, a, _, env) => Single(e, a, env));
        Define("reduce", "<afj?:j>", 3, (e, a, _, env) => FoldLeft(e, a, env));
        Define("sift", "<o-f?:o>", 2, (e, a, _, env) => Sift(e, a, env));
        Define("keys", "<x-:a<s>>", 1, (_, a, _, _) => Keys(a[0]));
        Define("lookup", "<x-s:x>", 2, (_, a, _, _) => Arg(a, 1) is string key ? JsonataEvaluator.Lookup(a[0], key) : null);
        Define("append", "<xx:a>", 2, (_, a, _, _) => Append(a[0], Arg(a, 1)));
        Define("exists", "<x:b>", 1, (_, a, _, _) => Boxes.Bool(a[0] is not null));
        Define("spread", "<x-:a<o>>", 1, (_, a, _, _) => Spread(a[0]));
        Define("merge", "<a<o>:o>", 1, (_, a, _, _) => Merge(a[0]));
        Define("reverse", "<a:a>", 1, (_, a, _, _) => Reverse(a[0]));
        Define("each", "<o-f:a>", 2, (e, a, _, env) => Each(e, a, env));
        Define("error", "<s?:x>", 1, (_, a, _, _) => throw new JsonataException("D3137") { Value = a.Length > 0 && a[0] is string m ? m : "$error() function evaluated", HasValue = true });
        Define("assert", "<bs?:x>", 2, (_, a, _, _) => a[0] is not true ? throw new JsonataException("D3141") { Value = Arg(a, 1) is string { Length: > 0 } m ? m : "$assert() statement failed", HasValue = true } : null);
        Define("type", "<x:s>", 1, (_, a, _, _) => TypeOf(a[0]));
        Define("sort", "<af?:a>", 2, (e, a, _, env) => Sort(e, a, env));
        Define("shuffle", "<a:a>", 1, (e, a, _, _) => Shuffle(e, a[0]));
        Define("distinct", "<x:x>", 1, (_, a, _, _) => Distinct(a[0]));
        Define("base64encode", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? Base64Encode(s) : null);
        Define("base64decode", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? Base64Decode(s) : null);
        Define("encodeUrlComponent", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataUri.Encode(s, component: true, "encodeUrlComponent") : null);
        Define("encodeUrl", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataUri.Encode(s, component: false, "encodeUrl") : null);
        Define("decodeUrlComponent", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataUri.Decode(s, component: true, "decodeUrlComponent") : null);
        Define("decodeUrl", "<s-:s>", 1, (_, a, _, _) => a[0] is string s ? JsonataUri.Decode(s, component: false, "decodeUrl") : null);
        Define("toMillis", "<s-s?:n>", 2, (e, a, _, _) => a[0] is string s ? JsonataDateTime.ToMillis(s, Arg(a, 1) as string, e.Now) : null);
        Define("fromMillis", "<n-s?s?:s>", 3, (_, a, _, _) => a[0] is double d ? JsonataDateTime.FromMillis(d, Arg(a, 1) as string, Arg(a, 2) as string, "fromMillis") : null);
        Define("clone", "<(oa)-:o>", 1, (_, a, _, _) => Clone(a[0]));
        Define("now", "<s?s?:s>", 2, (e, a, _, _) => JsonataDateTime.FromMillis(e.Now.ToUnixTimeMilliseconds(), Arg(a, 0) as string, Arg(a, 1) as string, "now"));
        Define("millis", "<:n>", 0, (e, _, _, _) => (double)e.Now.ToUnixTimeMilliseconds());
        if (stepFunctions)
        {
            JsonataStepFunctionsLibrary.Define(frame);
        }
        else
        {
            Define("random", "<:n>", 0, (e, _, _, _) => e.Random.NextDouble());
            Define("eval", "<sx?:x>", 2, (e, a, input, env) => Eval(e, a, input, env));
        }

        return frame;
    }

    internal static object? Arg(object?[] args, int index) => index < args.Length ? args[index] : null;

    // ---------------------------------------------------------------- strings

    internal static string StringOf(object? arg, bool pretty = false)
    {
        switch (arg)
        {
            case string s:
                return s;
            case JsonataFunction:
                return string.Empty;
            case double d when !double.IsFinite(d):
                throw new JsonataException("D3001") { Value = d, HasValue = true };
            default:
                return JsonataText.Stringify(arg, pretty);
        }
    }

    internal static int CodePointCount(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// Where each code point of <paramref name="s"/> starts, plus its length at the end; null when every code unit is a
    /// code point (no high surrogate), the usual case, which needs no table.
    /// </summary>
    private static int[]? CodePointOffsets(string s)
    {
        if (s.AsSpan().IndexOfAnyInRange('\uD800', '\uDBFF') < 0)
        {
            return null;
        }

        var offsets = new List<int>(s.Length + 1);
        for (var i = 0; i < s.Length; i++)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
        }

        offsets.Add(s.Length);
        return offsets.ToArray();
    }

    /// <summary>JavaScript's <c>Array.prototype.slice(start, end)</c> bounds.</summary>
    private static (int Start, int End) SliceBounds(int length, double start, double? end)
    {
        static int Clamp(double v, int length)
        {
            if (double.IsNaN(v))
            {
                return 0;
            }

            v = Math.Truncate(v);
            if (v < 0)
            {
                return (int)Math.Max(0, length + v);
            }

            return (int)Math.Min(v, length);
        }

        var s = Clamp(start, length);
        var e = end is null ? length : Clamp(end.Value, length);
        return (s, Math.Max(s, e));
    }

    private static object? Substring(object?[] a)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var start = Arg(a, 1) as double? ?? 0;
        var offsets = CodePointOffsets(str);
        var strLength = offsets is null ? str.Length : offsets.Length - 1;
        string Slice(int from, int to) => offsets is null ? str.Substring(from, to - from) : str.Substring(offsets[from], offsets[to] - offsets[from]);
        if (strLength + start < 0)
        {
            start = 0;
        }

        if (Arg(a, 2) is double length)
        {
            if (length <= 0)
            {
                return string.Empty;
            }

            var end = start >= 0 ? start + length : strLength + start + length;
            var (s1, e1) = SliceBounds(strLength, start, end);
            return Slice(s1, e1);
        }

        var (s2, e2) = SliceBounds(strLength, start, null);
        return Slice(s2, e2);
    }

    private static string Trim(string s)
    {
        var result = Regex.Replace(s, "[ \t\n\r]+", " ");
        if (result.StartsWith(' '))
        {
            result = result.Substring(1);
        }

        if (result.EndsWith(' '))
        {
            result = result.Substring(0, result.Length - 1);
        }

        return result;
    }

    private static object? Pad(object?[] a)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var width = Arg(a, 1) as double? ?? 0;
        var ch = Arg(a, 2) as string;
        if (string.IsNullOrEmpty(ch))
        {
            ch = " ";
        }

        if (!double.IsFinite(width))
        {
            throw new JsonataException("D1001") { Value = width, HasValue = true };
        }

        var padPoints = Math.Abs(width) - CodePointCount(str);
        if (padPoints < 1)
        {
            return str;
        }

        // Each code point of the padding takes one or two code units: the result is at least this long.
        JsonataLimits.CheckStringLength(str.Length + Math.Floor(padPoints));
        var padLength = (int)padPoints;

        // The padding is the pad string repeated and cut to padLength code points: build no more than that.
        var padCodePoints = CodePointCount(ch);
        var sb = new StringBuilder(str.Length + padLength);
        if (width > 0)
        {
            sb.Append(str);
        }

        for (var whole = padLength / padCodePoints; whole > 0; whole--)
        {
            sb.Append(ch);
        }

        var rest = padLength % padCodePoints;
        for (var i = 0; rest > 0; i++, rest--)
        {
            sb.Append(ch[i]);
            if (char.IsHighSurrogate(ch[i]) && i + 1 < ch.Length && char.IsLowSurrogate(ch[i + 1]))
            {
                sb.Append(ch[++i]);
            }
        }

        if (width < 0)
        {
            sb.Append(str);
        }

        JsonataLimits.CheckStringLength(sb.Length);
        return sb.ToString();
    }

    private static string Join(JsonataArray items, string separator)
    {
        long length = items.Count > 0 ? (items.Count - 1L) * separator.Length : 0;
        foreach (var item in items)
        {
            length += ((string)item!).Length;
        }

        JsonataLimits.CheckStringLength(length);
        JsonataLimits.Work(length);
        return string.Join(separator, items.Select(x => (string)x!));
    }

    private static string Base64Encode(string s)
    {
        // Four characters for every three bytes, one byte a character.
        JsonataLimits.CheckStringLength((s.Length + 2L) / 3 * 4);
        // Node's Buffer.from(s, 'binary'): the low byte of each UTF-16 unit.
        var bytes = new byte[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            bytes[i] = (byte)s[i];
        }

        return Convert.ToBase64String(bytes);
    }

    private static object? FormatBase(object?[] a)
    {
        if (a[0] is not double value)
        {
            return null;
        }

        value = Round(value, 0);
        var radix = Arg(a, 1) is double r ? Round(r, 0) : 10;
        if (radix < 2 || radix > 36)
        {
            throw new JsonataException("D3100") { Value = radix, HasValue = true };
        }

        return ToRadix(value, (int)radix);
    }

    private static string ToRadix(double value, int radix)
    {
        if (!double.IsFinite(value))
        {
            // As JavaScript's Number.prototype.toString(radix) prints them.
            return double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        }

        if (radix == 10)
        {
            return JsonataText.FormatNumber(value);
        }

        // V8's DoubleToRadixCString for an integer: digits below the double's precision (while the quotient is 2^53 or
        // more) are zeros, the rest come from exact remainders of the divided-down value.
        var negative = value < 0;
        var integer = Math.Abs(value);
        var digits = new StringBuilder();
        while (integer / radix >= 9007199254740992d)
        {
            integer /= radix;
            digits.Append('0');
        }

        do
        {
            var remainder = integer % radix;
            var digit = (int)remainder;
            digits.Append((char)(digit < 10 ? '0' + digit : 'a' + digit - 10));
            integer = (integer - remainder) / radix;
        }
        while (integer > 0);

        if (negative)
        {
            digits.Append('-');
        }

        var chars = digits.ToString().ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    // ---------------------------------------------------------------- numbers

    private static double Sum(JsonataArray arr)
    {
        var total = 0d;
        foreach (var item in arr)
        {
            total += (double)item!;
        }

        return total;
    }

    // JSONata's tests, with JavaScript's $ (the end of the text: .NET's also matches before a final newline). The
    // second is JSONata's as written, whose ^ and $ bind to the first and last alternatives only: " 0o7" and "x0b1"
    // pass it, and JavaScript's Number then reads the text.
    private static readonly Regex DecimalNumber = new(@"^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant);
    private static readonly Regex PrefixedNumber = new(@"^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)\z", RegexOptions.CultureInvariant);
    private static readonly Regex WholePrefixedNumber = new(@"^0(?:[xX][0-9A-Fa-f]+|[oO][0-7]+|[bB][0-1]+)\z", RegexOptions.CultureInvariant);

    internal static object? ToNumber(object? arg)
    {
        switch (arg)
        {
            case null:
                return null;
            case double d:
                return d;
            case bool b:
                return b ? 1d : 0d;
            case string s when DecimalNumber.IsMatch(s):
                var value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (double.IsFinite(value))
                {
                    return value;
                }

                break;
            case string s when PrefixedNumber.IsMatch(s):
                return JavaScriptNumberOfPrefixed(s);
        }

        throw new JsonataException("D3030") { Value = arg, HasValue = true, Index = 1 };
    }

    /// <summary>
    /// JavaScript's <c>Number(text)</c> for a text JSONata's prefixed-number test let through: a 0x, 0o or 0b literal
    /// with white space around it, its value correctly rounded; NaN for anything else ("0x1Fzz", "x0o7").
    /// </summary>
    private static double JavaScriptNumberOfPrefixed(string text)
    {
        var literal = text.Trim(JsonataText.JavaScriptWhiteSpace);
        if (!WholePrefixedNumber.IsMatch(literal))
        {
            return double.NaN;
        }

        var (radix, bitsPerDigit) = char.ToLowerInvariant(literal[1]) switch { 'x' => (16, 4), 'o' => (8, 3), _ => (2, 1) };
        var digits = literal.AsSpan(2).TrimStart('0');
        if ((long)digits.Length * bitsPerDigit > 1100)
        {
            // Past the largest double (2^1024) whatever the digits: no need to add up a long text.
            return double.PositiveInfinity;
        }

        var value = System.Numerics.BigInteger.Zero;
        foreach (var c in digits)
        {
            value = (value * radix) + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        // Through the decimal text: parsing rounds to the nearest double, as JavaScript does, where the conversion
        // from BigInteger truncates.
        return double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>JSONata's <c>$round</c>: half to even, with the decimal shift done on the decimal text.</summary>
    internal static double Round(double arg, double precision)
    {
        // A double has no digit below 1e-1074 nor above 1e308, so precisions beyond ±400 round as ±400 do.
        var p = (int)Math.Clamp(precision, -400, 400);
        var shifted = p != 0 ? Shift(arg, p) : arg;
        if (!double.IsFinite(shifted))
        {
            // Shifting out of range means every digit of the number lies above the rounding position: nothing to round.
            // (JSONata's JavaScript gets NaN here from parsing "Infinitye-400"; the number itself is the rounded value.)
            return arg;
        }

        // JavaScript's Math.round (half up), without adding 0.5 first: that sum rounds itself (2^53 - 1 + 0.5 is 2^53,
        // 0.49999999999999994 + 0.5 is 1); the distance to the floor is exact.
        var result = Math.Floor(shifted);
        if (shifted - result >= 0.5)
        {
            result += 1;
        }

        var diff = result - shifted;
        if (Math.Abs(diff) == 0.5 && Math.Abs(result % 2) == 1)
        {
            result -= 1;
        }

        if (p != 0)
        {
            result = Shift(result, -p);
        }

        return result == 0 ? 0 : result;
    }

    private static double Shift(double value, int places)
    {
        if (!double.IsFinite(value))
        {
            return value;
        }

        var text = JsonataText.FormatNumber(value);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var mantissa = e >= 0 ? text.Substring(0, e) : text;
        var exponent = e >= 0 ? int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        return double.Parse(mantissa + "e" + (exponent + places).ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static object? Power(object?[] a)
    {
        if (a[0] is not double b)
        {
            return null;
        }

        var exp = Arg(a, 1) as double? ?? double.NaN;
        var result = Math.Pow(b, exp);
        if (!double.IsFinite(result))
        {
            throw new JsonataException("D3061") { Value = b, HasValue = true, Exponent = exp, Index = 1 };
        }

        return result;
    }

    // ---------------------------------------------------------------- arrays and objects

    /// <summary>JSONata's <c>$append</c> (JavaScript <c>concat</c>: the result is a plain array).</summary>
    internal static object? Append(object? arg1, object? arg2)
    {
        if (arg1 is null)
        {
            return arg2;
        }

        if (arg2 is null)
        {
            return arg1;
        }

        var result = new JsonataArray();
        if (arg1 is JsonataArray a1)
        {
            result.AddRange(a1);
        }
        else
        {
            result.Add(arg1);
        }

        if (arg2 is JsonataArray a2)
        {
            result.AddRange(a2);
        }
        else
        {
            result.Add(arg2);
        }

        return result;
    }

    private static object? Keys(object? arg)
    {
        var result = JsonataArray.CreateSequence();
        if (arg is JsonataArray arr)
        {
            // The keys of the objects in the array and in the arrays nested in it, each once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in JsonataArray.Leaves(arr))
            {
                if (item is not null && JsonataEvaluator.IsObject(item))
                {
                    foreach (var key in JsonataEvaluator.ObjectKeys(item))
                    {
                        if (seen.Add(key))
                        {
                            result.Add(key);
                        }
                    }
                }
            }
        }
        else if (arg is not null && JsonataEvaluator.IsObject(arg))
        {
            foreach (var key in JsonataEvaluator.ObjectKeys(arg))
            {
                result.Add(key);
            }
        }

        return result;
    }

    private static object? Spread(object? arg)
    {
        if (arg is JsonataArray arr)
        {
            // JSONata appends each item's spread to the result in turn (a copy each time); one array gets the same
            // items. Appending to the initial empty sequence makes a plain array, so the result is one once anything is in.
            // The items of nested arrays are spread in turn, as JSONata's recursion spreads them (a nested array, even
            // an empty one, makes the result an array).
            JsonataArray? result = null;
            foreach (var item in JsonataArray.Leaves(arr, withNested: true))
            {
                if (item is JsonataArray)
                {
                    result ??= new JsonataArray();
                    continue;
                }

                var spread = Spread(item);
                if (spread is null)
                {
                    continue;
                }

                result ??= new JsonataArray();
                if (spread is JsonataArray spreadArray)
                {
                    result.AddRange(spreadArray);
                }
                else
                {
                    result.Add(spread);
                }
            }

            return result ?? JsonataArray.CreateSequence();
        }

        if (arg is not null && JsonataEvaluator.IsObject(arg))
        {
            var result = JsonataArray.CreateSequence();
            foreach (var key in JsonataEvaluator.ObjectKeys(arg))
            {
                var obj = new JsonataObject(1);
                obj[key] = JsonataEvaluator.Lookup(arg, key);
                result.Add(obj);
            }

            return result;
        }

        return arg;
    }

    private static object? Merge(object? arg)
    {
        if (arg is not JsonataArray arr)
        {
            return null;
        }

        var result = new JsonataObject();
        foreach (var obj in arr)
        {
            if (obj is not null && JsonataEvaluator.IsObject(obj))
            {
                foreach (var key in JsonataEvaluator.ObjectKeys(obj))
                {
                    result[key] = JsonataEvaluator.Lookup(obj, key);
                }
            }
        }

        return result;
    }

    private static object? Reverse(object? arg)
    {
        if (arg is not JsonataArray arr)
        {
            return null;
        }

        if (arr.Count <= 1)
        {
            return arr;
        }

        var result = new JsonataArray(arr);
        result.Reverse();
        return result;
    }

    /// <summary><c>$type</c>: NaN fails JSONata's <c>isNumeric</c> and falls through to "object", as in JSONata.</summary>
    private static object? TypeOf(object? value) => value switch
    {
        null => null,
        JsonataNull => "null",
        double d when !double.IsNaN(d) => "number",
        string => "string",
        bool => "boolean",
        JsonataArray => "array",
        JsonataFunction => "function",
        _ => "object",
    };

    private static object? Distinct(object? arg)
    {
        if (arg is not JsonataArray arr || arr.Count <= 1)
        {
            return arg;
        }

        var results = new JsonataArray { Sequence = arr.Sequence };
        var seen = new HashSet<object?>(arr.Count, JsonataDeepEquality.Instance);
        foreach (var value in arr)
        {
            if (seen.Add(value))
            {
                results.Add(value);
            }
        }

        return results;
    }

    private static object? Shuffle(JsonataEvaluator e, object? arg)
    {
        if (arg is not JsonataArray arr)
        {
            return null;
        }

        if (arr.Count <= 1)
        {
            return arr;
        }

        var result = new JsonataArray(arr);
        var random = e.Random;
        for (var index = result.Count - 1; index > 0; index--)
        {
            var swap = random.Next(index + 1);
            (result[index], result[swap]) = (result[swap], result[index]);
            JsonataLimits.Work(1);
        }

        return result;
    }

    /// <summary>
    /// <c>$clone</c> (and the copy a transform makes): a deep copy, bounded as a result's conversion to JSON is. JSONata
    /// copies through <c>JSON.parse($string(value))</c>, so the copy is what that gives: numbers rounded to 15
    /// significant digits (null where that overflows, or is NaN), functions as "", undefined array items as null.
    /// </summary>
    internal static object? Clone(object? value)
    {
        JsonataLimits.CheckCopySize(value, inputObjects: true);
        return Clone(value, 0);
    }

    private static object? Clone(object? value, int depth)
    {
        if (depth > 2000)
        {
            throw new JsonataException("U1001");
        }

        switch (value)
        {
            case JsonataArray arr:
                var a = new JsonataArray(arr.Count);
                foreach (var item in arr)
                {
                    a.Add(item is null ? JsonataNull.Value : Clone(item, depth + 1));
                }

                return a;
            case JsonObjectValue o:
                var jo = new JsonataObject(o.Count);
                foreach (var member in o.AsSpan())
                {
                    jo[member.Key] = Clone(JsonataConvert.FromJson(member.Value), depth + 1);
                }

                return jo;
            case JsonataObject src:
                var copy = new JsonataObject(src.Count);
                foreach (var key in src.Keys)
                {
                    var v = src[key];
                    if (v is not null)
                    {
                        copy[key] = Clone(v, depth + 1);
                    }
                }

                return copy;
            case JsonataFunction:
                return string.Empty;
            case double d:
                // + 0: -0 prints as 0.
                var rounded = JsonataText.ToPrecision15(d);
                return double.IsFinite(rounded) ? rounded + 0d : JsonataNull.Value;
            default:
                return value;
        }
    }

    private static string Base64Decode(string s)
    {
        // Node's Buffer.from(s, 'base64'): both alphabets (+/ and -_), other characters skipped, the first '=' ends
        // the data, a last group of 2 or 3 characters gives 1 or 2 bytes; one byte a character ('binary').
        var text = new StringBuilder(s.Length * 3 / 4);
        int bits = 0, count = 0;
        foreach (var c in s)
        {
            if (c == '=')
            {
                break;
            }

            int value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' or '-' => 62,
                '/' or '_' => 63,
                _ => -1,
            };
            if (value < 0)
            {
                continue;
            }

            bits = ((bits << 6) | value) & 0xFFFF;
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                text.Append((char)((bits >> count) & 0xFF));
            }
        }

        return text.ToString();
    }

    // ---------------------------------------------------------------- higher-order functions

    private static object?[] HofArgs(JsonataFunction func, object? arg1, object? arg2, object? arg3)
    {
        var arity = func.Arity;
        return arity >= 3 ? [arg1, arg2, arg3] : arity == 2 ? [arg1, arg2] : [arg1];
    }

    private static JsonataFunction Func(object? f) => f as JsonataFunction ?? throw new JsonataException("T1006");

    private static object? Map(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not JsonataArray arr)
        {
            return null;
        }

        var func = Func(Arg(a, 1));
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < arr.Count; i++)
        {
            var res = e.Apply(func, HofArgs(func, arr[i], (double)i, arr), null, env);
            if (res is not null)
            {
                result.Add(res);
            }
        }

        return result;
    }

    private static object? Filter(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not JsonataArray arr)
        {
            return null;
        }

        var func = Func(Arg(a, 1));
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < arr.Count; i++)
        {
            var res = e.Apply(func, HofArgs(func, arr[i], (double)i, arr), null, env);
            if (JsonataEvaluator.IsTruthy(res))
            {
                result.Add(arr[i]);
            }
        }

        return result;
    }

    private static object? Single(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not JsonataArray arr)
        {
            return null;
        }

        var func = Arg(a, 1) as JsonataFunction;
        var found = false;
        object? result = null;
        for (var i = 0; i < arr.Count; i++)
        {
            var positive = true;
            if (func is not null)
            {
                positive = JsonataEvaluator.IsTruthy(e.Apply(func, HofArgs(func, arr[i], (double)i, arr), null, env));
            }

            if (positive)
            {
                if (found)
                {
                    throw new JsonataException("D3138") { Index = i };
                }

                result = arr[i];
                found = true;
            }
        }

        if (!found)
        {
            throw new JsonataException("D3139");
        }

        return result;
    }

    private static object? FoldLeft(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not JsonataArray sequence)
        {
            return null;
        }

        var func = Func(Arg(a, 1));
        var arity = func.Arity;
        if (arity < 2)
        {
            throw new JsonataException("D3050") { Index = 1 };
        }

        object? result;
        int index;
        var init = Arg(a, 2);
        if (init is null && sequence.Count > 0)
        {
            result = sequence[0];
            index = 1;
        }
        else
        {
            result = init;
            index = 0;
        }

        while (index < sequence.Count)
        {
            object?[] args = arity >= 4 ? [result, sequence[index], (double)index, sequence]
                : arity >= 3 ? [result, sequence[index], (double)index]
                : [result, sequence[index]];
            result = e.Apply(func, args, null, env);
            index++;
        }

        return result;
    }

    private static object? Sift(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        var arg = a[0];
        if (arg is null || !JsonataEvaluator.IsObject(arg))
        {
            return null;
        }

        var func = Func(Arg(a, 1));
        var result = new JsonataObject();
        foreach (var key in JsonataEvaluator.ObjectKeys(arg))
        {
            var entry = JsonataEvaluator.Lookup(arg, key);
            if (JsonataEvaluator.IsTruthy(e.Apply(func, HofArgs(func, entry, key, arg), null, env)))
            {
                result[key] = entry;
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static object? Each(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        var arg = a[0];
        if (arg is null || !JsonataEvaluator.IsObject(arg))
        {
            return null;
        }

        var func = Func(Arg(a, 1));
        var result = JsonataArray.CreateSequence();
        foreach (var key in JsonataEvaluator.ObjectKeys(arg))
        {
            var val = e.Apply(func, HofArgs(func, JsonataEvaluator.Lookup(arg, key), key, arg), null, env);
            if (val is not null)
            {
                result.Add(val);
            }
        }

        return result;
    }

    private static object? Zip(object?[] a)
    {
        var result = new JsonataArray();
        if (a.Length == 0)
        {
            return result;
        }

        var length = int.MaxValue;
        foreach (var arg in a)
        {
            length = Math.Min(length, arg is JsonataArray arr ? arr.Count : 0);
        }

        for (var i = 0; i < length; i++)
        {
            var tuple = new JsonataArray(a.Length);
            foreach (var arg in a)
            {
                tuple.Add(((JsonataArray)arg!)[i]);
            }

            result.Add(tuple);
        }

        return result;
    }

    private static object? Sort(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not JsonataArray arr)
        {
            return null;
        }

        if (arr.Count <= 1)
        {
            return arr;
        }

        Func<object?, object?, bool> comp;
        if (Arg(a, 1) is JsonataFunction comparator)
        {
            comp = (x, y) => JsTruthy(e.Apply(comparator, [x, y], null, env));
        }
        else
        {
            if (JsonataEvaluator.IsArrayOfNumbers(arr))
            {
                comp = (x, y) => (double)x! > (double)y!;
            }
            else if (JsonataEvaluator.IsArrayOfStrings(arr))
            {
                comp = (x, y) => string.CompareOrdinal((string)x!, (string)y!) > 0;
            }
            else
            {
                throw new JsonataException("D3070") { Index = 1 };
            }
        }

        return MergeSort(arr, comp);
    }

    /// <summary>JavaScript truthiness (the comparator of <c>$sort</c> is tested this way).</summary>
    private static bool JsTruthy(object? value) => value switch
    {
        null or JsonataNull => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>A stable merge sort; <paramref name="swap"/> returns true when its second argument goes first.</summary>
    internal static JsonataArray MergeSort(JsonataArray input, Func<object?, object?, bool> swap)
    {
        var items = input.ToArray();
        var buffer = new object?[items.Length];
        SortRange(items, buffer, 0, items.Length, swap);
        return new JsonataArray(items);
    }

    private static void SortRange(object?[] items, object?[] buffer, int start, int end, Func<object?, object?, bool> swap)
    {
        if (end - start <= 1)
        {
            return;
        }

        var middle = start + ((end - start) / 2);
        SortRange(items, buffer, start, middle, swap);
        SortRange(items, buffer, middle, end, swap);
        JsonataLimits.Work(end - start);
        int l = start, r = middle, k = start;
        while (l < middle && r < end)
        {
            if (swap(items[l], items[r]))
            {
                buffer[k++] = items[r++];
            }
            else
            {
                buffer[k++] = items[l++];
            }
        }

        while (l < middle)
        {
            buffer[k++] = items[l++];
        }

        while (r < end)
        {
            buffer[k++] = items[r++];
        }

        Array.Copy(buffer, start, items, start, end - start);
    }

    private static object? Eval(JsonataEvaluator e, object?[] a, object? input, JsonataFrame env)
    {
        if (a[0] is not string expression)
        {
            return null;
        }

        var parsed = JsonataParser.Parse(expression);
        if (!parsed.Success)
        {
            throw new JsonataException("D3120") { Value = parsed.Error.Message, HasValue = true };
        }

        var focus = a.Length > 1 && a[1] is not null ? a[1] : input;
        if (focus is JsonataArray { Sequence: false } arr)
        {
            var wrapped = JsonataArray.CreateSequence(arr);
            wrapped.OuterWrapper = true;
            focus = wrapped;
        }

        try
        {
            return e.Evaluate(parsed.Root, focus, env);
        }
        catch (JsonataException ex) when (ex.Code != "U1001")
        {
            throw new JsonataException("D3121") { Value = ex.Message, HasValue = true };
        }
    }

    // ---------------------------------------------------------------- regex functions

    internal sealed class MatchInfo
    {
        public required string Match { get; init; }

        public required int Start { get; init; }

        public required int End { get; init; }

        public required JsonataArray Groups { get; init; }

        public Func<MatchInfo?>? Next { get; init; }
    }

    internal static MatchInfo? RegexMatch(RegexFunction regex, string str, int fromIndex)
    {
        Match m;
        try
        {
            m = fromIndex > str.Length ? System.Text.RegularExpressions.Match.Empty : regex.Regex.Match(str, fromIndex);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new JsonataException("U1001", "Regular expression evaluation timeout") { Position = regex.Position };
        }

        if (!m.Success)
        {
            return null;
        }

        var groups = new JsonataArray();
        for (var i = 1; i < m.Groups.Count; i++)
        {
            groups.Add(m.Groups[i].Success ? m.Groups[i].Value : null); // a group that did not take part is undefined, as in JavaScript
        }

        var lastIndex = m.Index + m.Length;
        return new MatchInfo
        {
            Match = m.Value,
            Start = m.Index,
            End = m.Index + m.Length,
            Groups = groups,
            Next = () =>
            {
                if (lastIndex >= str.Length)
                {
                    return null;
                }

                var next = RegexMatch(regex, str, lastIndex);
                if (next is not null && next.Match.Length == 0)
                {
                    throw new JsonataException("D1004") { Position = regex.Position, Value = regex.Source, HasValue = true };
                }

                return next;
            },
        };
    }

    internal static object? MatchToObject(JsonataEvaluator e, MatchInfo? match)
    {
        if (match is null)
        {
            return null;
        }

        var obj = new JsonataObject();
        obj["match"] = match.Match;
        obj["start"] = (double)match.Start;
        obj["end"] = (double)match.End;
        obj["groups"] = match.Groups;
        if (match.Next is { } next)
        {
            obj["next"] = new BuiltinFunction("next", null, 0, (ev, _, _, _) => MatchToObject(ev, next()));
        }

        return obj;
    }

    /// <summary>Runs a matcher (a regex, or a user function returning JSONata's match structure) on a string.</summary>
    private static MatchInfo? EvaluateMatcher(JsonataEvaluator e, object? matcher, string str, JsonataFrame? env = null)
    {
        if (matcher is RegexFunction regex)
        {
            return RegexMatch(regex, str, 0);
        }

        var result = e.Apply(matcher, [str], null, env ?? JsonataFunctions.StandardLibrary);
        return UserMatch(e, result, env);
    }

    private static MatchInfo? UserMatch(JsonataEvaluator e, object? result, JsonataFrame? env)
    {
        if (result is null)
        {
            return null;
        }

        var start = JsonataEvaluator.Lookup(result, "start");
        var end = JsonataEvaluator.Lookup(result, "end");
        var groups = JsonataEvaluator.Lookup(result, "groups");
        var next = JsonataEvaluator.Lookup(result, "next");
        if (start is not double && end is not double && groups is not JsonataArray && next is not JsonataFunction)
        {
            throw new JsonataException("T1010");
        }

        return new MatchInfo
        {
            Match = JsonataEvaluator.Lookup(result, "match") as string ?? string.Empty,
            Start = start is double s ? (int)s : 0,
            End = end is double en ? (int)en : 0,
            Groups = groups as JsonataArray ?? new JsonataArray(),
            Next = next is JsonataFunction nf ? () => UserMatch(e, e.Apply(nf, [], null, env ?? JsonataFunctions.StandardLibrary), env) : null,
        };
    }

    /// <summary>The work one match counts for (a regex search and a few objects).</summary>
    private const int MatchWork = 16;

    private static object? Match(JsonataEvaluator e, object?[] a)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var limit = Arg(a, 2) as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3040") { Value = limit, HasValue = true, Index = 3 };
        }

        var result = JsonataArray.CreateSequence();
        if (limit is null || limit > 0)
        {
            var count = 0;
            var matches = EvaluateMatcher(e, Arg(a, 1), str);
            while (matches is not null && (limit is null || count < limit))
            {
                var obj = new JsonataObject();
                obj["match"] = matches.Match;
                obj["index"] = (double)matches.Start;
                obj["groups"] = matches.Groups;
                result.Add(obj);
                JsonataLimits.Work(MatchWork);
                matches = matches.Next?.Invoke();
                count++;
            }
        }

        return result;
    }

    private static object? Contains(JsonataEvaluator e, object?[] a)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var token = Arg(a, 1);
        if (token is string t)
        {
            return Boxes.Bool(str.Contains(t, StringComparison.Ordinal));
        }

        return Boxes.Bool(EvaluateMatcher(e, token, str) is not null);
    }

    private static object? Replace(JsonataEvaluator e, object?[] a, JsonataFrame env)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var pattern = Arg(a, 1);
        var replacement = Arg(a, 2);
        if (pattern is string { Length: 0 })
        {
            throw new JsonataException("D3010") { Value = pattern, HasValue = true, Index = 2 };
        }

        var limit = Arg(a, 3) as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3011") { Value = limit, HasValue = true, Index = 4 };
        }

        if (limit is not null && limit <= 0)
        {
            return str;
        }

        var result = new StringBuilder();
        var position = 0;
        var count = 0;
        if (pattern is string p)
        {
            var index = str.IndexOf(p, position, StringComparison.Ordinal);
            var replacementText = replacement is string rs ? rs : StringOf(replacement);
            while (index != -1 && (limit is null || count < limit))
            {
                result.Append(str, position, index - position);
                result.Append(replacementText);
                CheckReplaced(result);
                JsonataLimits.Work(replacementText.Length + 1);
                position = index + p.Length;
                count++;
                index = str.IndexOf(p, position, StringComparison.Ordinal);
            }

            result.Append(str, position, str.Length - position);
            CheckReplaced(result);
            return result.ToString();
        }

        var matches = EvaluateMatcher(e, pattern, str, env);
        if (matches is null)
        {
            return str;
        }

        while (matches is not null && (limit is null || count < limit))
        {
            result.Append(str, position, Math.Max(0, Math.Min(matches.Start, str.Length) - position));
            object? replacedWith;
            if (replacement is string template)
            {
                replacedWith = Substitute(template, matches);
            }
            else
            {
                var obj = new JsonataObject();
                obj["match"] = matches.Match;
                obj["start"] = (double)matches.Start;
                obj["end"] = (double)matches.End;
                obj["groups"] = matches.Groups;
                replacedWith = e.Apply(replacement, [obj], null, env);
            }

            if (replacedWith is not string replacedText)
            {
                throw new JsonataException("D3012") { Value = replacedWith, HasValue = true };
            }

            result.Append(replacedText);
            CheckReplaced(result);
            JsonataLimits.Work(MatchWork);
            position = matches.Start + matches.Match.Length;
            count++;
            matches = matches.Next?.Invoke();
        }

        if (position < str.Length)
        {
            result.Append(str, position, str.Length - position);
        }

        CheckReplaced(result);
        return result.ToString();
    }

    /// <summary>Fails when the text <c>$replace</c> is building passes <see cref="JsonataLimits.MaxStringLength"/>.</summary>
    private static void CheckReplaced(StringBuilder result)
    {
        if (result.Length > JsonataLimits.MaxStringLength)
        {
            throw JsonataLimits.StringTooLong(result.Length);
        }
    }

    private static string Substitute(string replacement, MatchInfo match)
    {
        var substitute = new StringBuilder();
        var position = 0;
        var index = replacement.IndexOf('$', position);
        while (index != -1 && position < replacement.Length)
        {
            substitute.Append(replacement, position, index - position);
            position = index + 1;
            var dollarVal = position < replacement.Length ? replacement[position] : '\0';
            if (dollarVal == '$')
            {
                substitute.Append('$');
                position++;
            }
            else if (dollarVal == '0')
            {
                substitute.Append(match.Match);
                position++;
            }
            else
            {
                var groupCount = match.Groups.Count;
                var maxDigits = groupCount == 0 ? 1 : (int)Math.Floor(Math.Log10(groupCount)) + 1;
                var parsed = ParseLeadingInt(replacement, position, maxDigits);
                if (maxDigits > 1 && parsed > groupCount)
                {
                    parsed = ParseLeadingInt(replacement, position, maxDigits - 1);
                }

                if (parsed is int groupIndex)
                {
                    if (groupCount > 0 && groupIndex >= 1 && groupIndex <= groupCount && match.Groups[groupIndex - 1] is string sub)
                    {
                        substitute.Append(sub);
                    }

                    position += groupIndex.ToString(CultureInfo.InvariantCulture).Length;
                }
                else
                {
                    substitute.Append('$');
                }
            }

            index = replacement.IndexOf('$', position);
        }

        substitute.Append(replacement, position, replacement.Length - position);
        return substitute.ToString();
    }

    private static int? ParseLeadingInt(string text, int start, int maxDigits)
    {
        var end = Math.Min(text.Length, start + maxDigits);
        var i = start;
        while (i < end && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i == start ? null : int.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static object? Split(JsonataEvaluator e, object?[] a)
    {
        if (a[0] is not string str)
        {
            return null;
        }

        var separator = Arg(a, 1);
        var limit = Arg(a, 2) as double?;
        if (limit < 0)
        {
            throw new JsonataException("D3020") { Value = limit, HasValue = true, Index = 3 };
        }

        var result = new JsonataArray();
        if (limit is not null && limit <= 0)
        {
            return result;
        }

        if (separator is string sep)
        {
            IEnumerable<string> parts = sep.Length == 0
                ? str.Select(c => c.ToString())
                : str.Split(sep, StringSplitOptions.None);
            foreach (var part in parts)
            {
                if (limit is not null && result.Count >= Math.Floor(limit.Value))
                {
                    break;
                }

                result.Add(part);
            }

            return result;
        }

        var count = 0;
        var matches = EvaluateMatcher(e, separator, str);
        if (matches is null)
        {
            result.Add(str);
            return result;
        }

        var start = 0;
        while (matches is not null && (limit is null || count < limit))
        {
            result.Add(str.Substring(start, Math.Max(0, matches.Start - start)));
            JsonataLimits.Work(MatchWork);
            start = matches.End;
            matches = matches.Next?.Invoke();
            count++;
        }

        if (limit is null || count < limit)
        {
            result.Add(start <= str.Length ? str.Substring(start) : string.Empty);
        }

        return result;
    }
}
