using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AslCompiler.Runtime.Jsonata;

/// <summary><c>$formatNumber</c>: XPath F&amp;O 3.1 decimal-format pictures, as JSONata 2.0.6 implements them.</summary>
internal static class JsonataNumberFormat
{
    private sealed record Parts(string Prefix, string Suffix, string ActivePart, string MantissaPart, string? ExponentPart, string IntegerPart, string FractionalPart, string Subpicture);

    private sealed class Variables
    {
        public List<int> IntegerPartGroupingPositions { get; init; } = [];

        public int RegularGrouping { get; init; }

        public int MinimumIntegerPartSize { get; init; }

        public int ScalingFactor { get; init; }

        public string Prefix { get; set; } = string.Empty;

        public List<int> FractionalPartGroupingPositions { get; init; } = [];

        public int MinimumFractionalPartSize { get; init; }

        public int MaximumFractionalPartSize { get; init; }

        public int MinimumExponentSize { get; init; }

        public string Suffix { get; init; } = string.Empty;

        public string Picture { get; init; } = string.Empty;

        public Variables Copy() => (Variables)MemberwiseClone();
    }

    public static object? FormatNumber(object?[] args)
    {
        if (args[0] is not double value)
        {
            return null;
        }

        if (JsonataFunctions.Arg(args, 1) is not string picture)
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["decimal-separator"] = ".",
            ["grouping-separator"] = ",",
            ["exponent-separator"] = "e",
            ["infinity"] = "Infinity",
            ["minus-sign"] = "-",
            ["NaN"] = "NaN",
            ["percent"] = "%",
            ["per-mille"] = "\u2030",
            ["zero-digit"] = "0",
            ["digit"] = "#",
            ["pattern-separator"] = ";",
        };
        if (JsonataFunctions.Arg(args, 2) is { } options)
        {
            foreach (var key in JsonataEvaluator.ObjectKeys(options))
            {
                if (JsonataEvaluator.Lookup(options, key) is string s)
                {
                    properties[key] = s;
                }
            }
        }

        // An empty zero-digit is JavaScript's charCodeAt(0) of "", NaN, whose digit family is ten U+0000 characters.
        var zeroChar = properties["zero-digit"] is { Length: > 0 } zeroText ? zeroText[0] : '\0';
        var family = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            family.Add(((char)(zeroChar + i)).ToString());
        }

        var decimalSep = properties["decimal-separator"];
        var exponentSep = properties["exponent-separator"];
        var groupingSep = properties["grouping-separator"];
        var digit = properties["digit"];
        var percent = properties["percent"];
        var perMille = properties["per-mille"];
        // Properties of more than one character never equal a picture character, so only single ones are active.
        var activeSigns = new[] { decimalSep, exponentSep, groupingSep, digit, properties["pattern-separator"] }
            .Where(p => p.Length == 1).Select(p => p[0]).ToArray();
        bool IsDigit(char c) => c >= zeroChar && c <= zeroChar + 9;
        bool IsActive(char c) => IsDigit(c) || Array.IndexOf(activeSigns, c) >= 0;
        bool IsDigitOrOptional(char c) => IsDigit(c) || (digit.Length == 1 && c == digit[0]);

        var subPictures = picture.Split(properties["pattern-separator"]);
        if (subPictures.Length > 2)
        {
            throw new JsonataException("D3080");
        }

        Parts SplitParts(string sub)
        {
            var prefix = sub;
            for (var ii = 0; ii < sub.Length; ii++)
            {
                if (IsActive(sub[ii]) && sub[ii].ToString() != exponentSep)
                {
                    prefix = sub.Substring(0, ii);
                    break;
                }
            }

            var suffix = sub;
            for (var ii = sub.Length - 1; ii >= 0; ii--)
            {
                if (IsActive(sub[ii]) && sub[ii].ToString() != exponentSep)
                {
                    suffix = sub.Substring(ii + 1);
                    break;
                }
            }

            var activePart = sub.Length - suffix.Length >= prefix.Length ? sub.Substring(prefix.Length, sub.Length - prefix.Length - suffix.Length) : string.Empty;
            string mantissa;
            string? exponent;
            var exponentPosition = sub.IndexOf(exponentSep, prefix.Length, StringComparison.Ordinal);
            if (exponentPosition == -1 || exponentPosition > sub.Length - suffix.Length)
            {
                mantissa = activePart;
                exponent = null;
            }
            else
            {
                mantissa = activePart.Substring(0, Math.Min(exponentPosition, activePart.Length));
                exponent = exponentPosition + 1 <= activePart.Length ? activePart.Substring(exponentPosition + 1) : string.Empty;
            }

            string integerPart, fractionalPart;
            var decimalPosition = mantissa.IndexOf(decimalSep, StringComparison.Ordinal);
            if (decimalPosition == -1)
            {
                integerPart = mantissa;
                fractionalPart = suffix;
            }
            else
            {
                integerPart = mantissa.Substring(0, decimalPosition);
                fractionalPart = mantissa.Substring(decimalPosition + 1);
            }

            return new Parts(prefix, suffix, activePart, mantissa, exponent, integerPart, fractionalPart, sub);
        }

        void Validate(Parts parts)
        {
            string? error = null;
            var sub = parts.Subpicture;
            var decimalPos = sub.IndexOf(decimalSep, StringComparison.Ordinal);
            if (decimalPos != sub.LastIndexOf(decimalSep, StringComparison.Ordinal))
            {
                error = "D3081";
            }

            if (sub.IndexOf(percent, StringComparison.Ordinal) != sub.LastIndexOf(percent, StringComparison.Ordinal))
            {
                error = "D3082";
            }

            if (sub.IndexOf(perMille, StringComparison.Ordinal) != sub.LastIndexOf(perMille, StringComparison.Ordinal))
            {
                error = "D3083";
            }

            if (sub.Contains(percent, StringComparison.Ordinal) && sub.Contains(perMille, StringComparison.Ordinal))
            {
                error = "D3084";
            }

            if (!parts.MantissaPart.Any(IsDigitOrOptional))
            {
                error = "D3085";
            }

            if (parts.ActivePart.Any(c => !IsActive(c)))
            {
                error = "D3086";
            }

            if (decimalPos != -1)
            {
                if ((decimalPos > 0 && sub[decimalPos - 1].ToString() == groupingSep) || (decimalPos + 1 < sub.Length && sub[decimalPos + 1].ToString() == groupingSep))
                {
                    error = "D3087";
                }
            }
            else if (parts.IntegerPart.Length > 0 && parts.IntegerPart[^1].ToString() == groupingSep)
            {
                error = "D3088";
            }

            if (sub.Contains(groupingSep + groupingSep, StringComparison.Ordinal))
            {
                error = "D3089";
            }

            var optionalDigitPos = parts.IntegerPart.IndexOf(digit, StringComparison.Ordinal);
            if (optionalDigitPos != -1 && parts.IntegerPart.Substring(0, optionalDigitPos).Any(IsDigit))
            {
                error = "D3090";
            }

            optionalDigitPos = parts.FractionalPart.LastIndexOf(digit, StringComparison.Ordinal);
            if (optionalDigitPos != -1 && parts.FractionalPart.Substring(optionalDigitPos).Any(IsDigit))
            {
                error = "D3091";
            }

            var exponentExists = parts.ExponentPart is not null;
            if (exponentExists && parts.ExponentPart!.Length > 0 && (sub.Contains(percent, StringComparison.Ordinal) || sub.Contains(perMille, StringComparison.Ordinal)))
            {
                error = "D3092";
            }

            if (exponentExists && (parts.ExponentPart!.Length == 0 || parts.ExponentPart.Any(c => !IsDigit(c))))
            {
                error = "D3093";
            }

            if (error is not null)
            {
                throw new JsonataException(error);
            }
        }

        Variables Analyse(Parts parts)
        {
            List<int> GroupingPositions(string part, bool toLeft)
            {
                // Digits before each index of the part, so each separator's count is read, not recounted.
                var digitsBefore = new int[part.Length + 1];
                for (var i = 0; i < part.Length; i++)
                {
                    digitsBefore[i + 1] = digitsBefore[i] + (IsDigitOrOptional(part[i]) ? 1 : 0);
                }

                var positions = new List<int>();
                var groupingPosition = part.IndexOf(groupingSep, StringComparison.Ordinal);
                while (groupingPosition != -1)
                {
                    // JavaScript's substring clamps the index to the part.
                    var at = Math.Min(groupingPosition, part.Length);
                    positions.Add(toLeft ? digitsBefore[at] : digitsBefore[part.Length] - digitsBefore[at]);

                    // JSONata looks for the next separator in the integer part, whichever part this is.
                    groupingPosition = groupingPosition + 1 <= parts.IntegerPart.Length
                        ? parts.IntegerPart.IndexOf(groupingSep, groupingPosition + 1, StringComparison.Ordinal)
                        : -1;
                }

                return positions;
            }

            var integerPositions = GroupingPositions(parts.IntegerPart, false);
            static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
            var regular = 0;
            if (integerPositions.Count > 0)
            {
                var factor = integerPositions.Aggregate(Gcd);
                regular = factor;
                var present = new HashSet<int>(integerPositions);
                for (var index = 1; index <= integerPositions.Count; index++)
                {
                    if (!present.Contains(index * factor))
                    {
                        regular = 0;
                        break;
                    }
                }
            }

            var fractionalPositions = GroupingPositions(parts.FractionalPart, true);
            var minInt = parts.IntegerPart.Count(IsDigit);
            var scaling = minInt;
            var minFrac = parts.FractionalPart.Count(IsDigit);
            var maxFrac = parts.FractionalPart.Count(IsDigitOrOptional);
            var exponentPresent = parts.ExponentPart is not null;
            if (minInt == 0 && maxFrac == 0)
            {
                if (exponentPresent)
                {
                    minFrac = 1;
                    maxFrac = 1;
                }
                else
                {
                    minInt = 1;
                }
            }

            if (exponentPresent && minInt == 0 && parts.IntegerPart.Contains(digit, StringComparison.Ordinal))
            {
                minInt = 1;
            }

            if (minInt == 0 && minFrac == 0)
            {
                minFrac = 1;
            }

            var minExp = exponentPresent ? parts.ExponentPart!.Count(IsDigit) : 0;
            return new Variables
            {
                IntegerPartGroupingPositions = integerPositions,
                RegularGrouping = regular,
                MinimumIntegerPartSize = minInt,
                ScalingFactor = scaling,
                Prefix = parts.Prefix,
                FractionalPartGroupingPositions = fractionalPositions,
                MinimumFractionalPartSize = minFrac,
                MaximumFractionalPartSize = maxFrac,
                MinimumExponentSize = minExp,
                Suffix = parts.Suffix,
                Picture = parts.Subpicture,
            };
        }

        var allParts = subPictures.Select(SplitParts).ToList();
        allParts.ForEach(Validate);
        var variables = allParts.Select(Analyse).ToList();
        var minusSign = properties["minus-sign"];
        var zeroDigit = properties["zero-digit"];
        if (variables.Count == 1)
        {
            var negative = variables[0].Copy();
            negative.Prefix = minusSign + negative.Prefix;
            variables.Add(negative);
        }

        var pic = value >= 0 ? variables[0] : variables[1];
        double adjusted;
        if (pic.Picture.Contains(percent, StringComparison.Ordinal))
        {
            adjusted = value * 100;
        }
        else if (pic.Picture.Contains(perMille, StringComparison.Ordinal))
        {
            adjusted = value * 1000;
        }
        else
        {
            adjusted = value;
        }

        double mantissaValue;
        int? exponentValue = null;
        if (pic.MinimumExponentSize == 0)
        {
            mantissaValue = adjusted;
        }
        else
        {
            var maxMantissa = Math.Pow(10, pic.ScalingFactor);
            var minMantissa = Math.Pow(10, pic.ScalingFactor - 1);
            // Scaled by its magnitude (a negative value would only grow more negative below minMantissa); the sign is
            // put back after.
            mantissaValue = Math.Abs(adjusted);
            var e = 0;
            while (mantissaValue < minMantissa && mantissaValue != 0 && e > -400)
            {
                mantissaValue *= 10;
                e -= 1;
            }

            while (mantissaValue > maxMantissa && e < 400)
            {
                mantissaValue /= 10;
                e += 1;
            }

            exponentValue = e;
            mantissaValue = adjusted < 0 ? -mantissaValue : mantissaValue;
        }

        var rounded = JsonataFunctions.Round(mantissaValue, pic.MaximumFractionalPartSize);
        string MakeString(double v, int dp)
        {
            // JavaScript's toFixed: from 1e21 on it is the number's ordinary text ("1e+22"), which the steps below
            // then treat as digits, as JSONata does.
            var str = Math.Abs(v) >= 1e21
                ? JsonataText.FormatNumber(Math.Abs(v))
                : Math.Abs(v).ToString("F" + dp.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (zeroDigit != "0")
            {
                var sb = new StringBuilder();
                foreach (var ch in str)
                {
                    sb.Append(ch >= '0' && ch <= '9' ? family[ch - '0'] : ch.ToString());
                }

                str = sb.ToString();
            }

            return str;
        }

        var stringValue = MakeString(rounded, pic.MaximumFractionalPartSize);
        var dot = stringValue.IndexOf('.', StringComparison.Ordinal);
        stringValue = dot == -1 ? stringValue + decimalSep : stringValue.Substring(0, dot) + decimalSep + stringValue.Substring(dot + 1);
        // Leading and trailing zeros off (the decimal separator stays between them).
        var leading = 0;
        while (zeroDigit.Length > 0 && leading + zeroDigit.Length <= stringValue.Length && string.CompareOrdinal(stringValue, leading, zeroDigit, 0, zeroDigit.Length) == 0)
        {
            leading += zeroDigit.Length;
        }

        var trailing = stringValue.Length;
        while (zeroDigit.Length > 0 && trailing - zeroDigit.Length >= leading && string.CompareOrdinal(stringValue, trailing - zeroDigit.Length, zeroDigit, 0, zeroDigit.Length) == 0)
        {
            trailing -= zeroDigit.Length;
        }

        stringValue = stringValue.Substring(leading, trailing - leading);

        var decimalPos = stringValue.IndexOf(decimalSep, StringComparison.Ordinal);
        var padLeft = pic.MinimumIntegerPartSize - decimalPos;
        var padRight = pic.MinimumFractionalPartSize - (stringValue.Length - decimalPos - 1);
        stringValue = (padLeft > 0 ? Repeat(zeroDigit, padLeft) : string.Empty) + stringValue;
        stringValue += padRight > 0 ? Repeat(zeroDigit, padRight) : string.Empty;
        JsonataLimits.CheckStringLength(stringValue.Length);
        decimalPos = stringValue.IndexOf(decimalSep, StringComparison.Ordinal);
        if (pic.RegularGrouping > 0)
        {
            // A separator every RegularGrouping digits left of the decimal separator, the leftmost first.
            var groupCount = (decimalPos - 1) / pic.RegularGrouping;
            var at = new int[groupCount];
            for (var group = groupCount; group >= 1; group--)
            {
                at[groupCount - group] = decimalPos - (group * pic.RegularGrouping) + ((groupCount - group) * groupingSep.Length);
            }

            stringValue = InsertEach(stringValue, groupingSep, at);
        }
        else
        {
            // JSONata moves its decimal position one on after each separator, whatever the separator's length.
            var positions = pic.IntegerPartGroupingPositions;
            var at = new int[positions.Count];
            for (var i = 0; i < at.Length; i++)
            {
                at[i] = Math.Max(0, decimalPos + i - positions[i]);
            }

            stringValue = InsertEach(stringValue, groupingSep, at);
        }

        decimalPos = stringValue.IndexOf(decimalSep, StringComparison.Ordinal);
        {
            var positions = pic.FractionalPartGroupingPositions;
            var at = new int[positions.Count];
            for (var i = 0; i < at.Length; i++)
            {
                at[i] = Math.Min(stringValue.Length + (i * groupingSep.Length), positions[i] + decimalPos + 1);
            }

            stringValue = InsertEach(stringValue, groupingSep, at);
        }

        // The last character goes (the decimal separator, when it is one character) when the picture has no decimal
        // separator or nothing follows it: "#0.#" formats 0.04 as "0".
        decimalPos = stringValue.IndexOf(decimalSep, StringComparison.Ordinal);
        if ((!pic.Picture.Contains(decimalSep, StringComparison.Ordinal) || decimalPos == stringValue.Length - 1) && stringValue.Length > 0)
        {
            stringValue = stringValue.Substring(0, stringValue.Length - 1);
        }

        if (exponentValue is { } exponentNumber)
        {
            var stringExponent = MakeString(exponentNumber, 0);
            var pad = pic.MinimumExponentSize - stringExponent.Length;
            if (pad > 0)
            {
                stringExponent = Repeat(zeroDigit, pad) + stringExponent;
            }

            stringValue = stringValue + exponentSep + (exponentNumber < 0 ? minusSign : string.Empty) + stringExponent;
        }

        JsonataLimits.CheckStringLength((long)pic.Prefix.Length + stringValue.Length + pic.Suffix.Length);
        return pic.Prefix + stringValue + pic.Suffix;
    }

    /// <summary>
    /// Inserts <paramref name="separator"/> at each of <paramref name="at"/> in turn, each index read in the text as the
    /// earlier insertions left it. Indices that move forward past the earlier separators (the usual case) are done in
    /// one pass; one that falls back inside earlier text is inserted there.
    /// </summary>
    private static string InsertEach(string text, string separator, int[] at)
    {
        if (at.Length == 0)
        {
            return text;
        }

        JsonataLimits.CheckStringLength(text.Length + ((long)at.Length * separator.Length));
        var built = new StringBuilder(text.Length + (at.Length * separator.Length));
        var copied = 0;
        foreach (var index in at)
        {
            if (index >= built.Length)
            {
                var take = Math.Min(index - built.Length, text.Length - copied);
                built.Append(text, copied, take);
                copied += take;
                built.Append(separator);
            }
            else
            {
                built.Insert(index, separator);
                JsonataLimits.Work(built.Length);
            }
        }

        built.Append(text, copied, text.Length - copied);
        return built.ToString();
    }

    private static string Repeat(string s, int count)
    {
        var sb = new StringBuilder(s.Length * count);
        for (var i = 0; i < count; i++)
        {
            sb.Append(s);
        }

        return sb.ToString();
    }
}
