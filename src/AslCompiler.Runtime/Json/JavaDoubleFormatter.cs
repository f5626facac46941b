using System;
using System.Globalization;
using System.Text;

namespace AslCompiler.Runtime.Json;

/// <summary>
/// Formats a double as Java's <c>Double.toString</c> (JDK 19+: shortest round-trip digits), which is how
/// Step Functions (Jackson) prints decimal numbers: <c>1.0</c>, <c>0.001</c>, <c>1.0E-4</c>, <c>1.2345678E7</c>.
/// </summary>
internal static class JavaDoubleFormatter
{
    /// <summary>The most fraction digits <see cref="TryFormatShort"/> tries.</summary>
    private const int MaxShortFractionDigits = 6;

    public static string Format(double value)
    {
        Span<char> text = stackalloc char[32];
        if (TryFormatShort(value, text, out var written))
        {
            return new string(text[..written]);
        }

        return FormatDigits(value);
    }

    /// <summary>The text by way of the shortest round-trip digits, for any value (the path for the values <see cref="TryFormatShort"/> declines).</summary>
    internal static string FormatDigits(double value)
    {
        if (Special(value) is { } special)
        {
            return special;
        }

        Span<char> digits = stackalloc char[32];
        var (count, point) = Significant(value, digits);
        var sb = new StringBuilder(count + 8);
        if (value < 0)
        {
            sb.Append('-');
        }

        var shown = digits[..count];
        if (Plain(value))
        {
            if (point <= 0)
            {
                sb.Append("0.").Append('0', -point).Append(shown);
            }
            else if (point >= count)
            {
                sb.Append(shown).Append('0', point - count).Append(".0");
            }
            else
            {
                sb.Append(shown[..point]).Append('.').Append(shown[point..]);
            }
        }
        else
        {
            sb.Append(shown[0]).Append('.');
            if (count > 1)
            {
                sb.Append(shown[1..]);
            }
            else
            {
                sb.Append('0');
            }

            sb.Append('E').Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The length of <see cref="Format"/>'s text, without making it: the payload check measures doubles this way, so a
    /// payload of many doubles near the size limit is measured without a string per number.
    /// </summary>
    public static int Length(double value)
    {
        Span<char> text = stackalloc char[32];
        if (TryFormatShort(value, text, out var written))
        {
            return written;
        }

        if (Special(value) is { } special)
        {
            return special.Length;
        }

        Span<char> digits = stackalloc char[32];
        var (count, point) = Significant(value, digits);
        var sign = value < 0 ? 1 : 0;
        if (Plain(value))
        {
            return sign + (point <= 0 ? 2 - point + count : point >= count ? point + 2 : count + 1);
        }

        var exponent = point - 1;
        var exponentLength = (exponent < 0 ? 1 : 0) + (Math.Abs(exponent) >= 100 ? 3 : Math.Abs(exponent) >= 10 ? 2 : 1);
        return sign + 2 + Math.Max(count - 1, 1) + 1 + exponentLength;
    }

    /// <summary>
    /// Writes the text of a value that is a decimal of at most <see cref="MaxShortFractionDigits"/> fraction digits in
    /// Java's plain range (9.5, 1.25, 4.0, 0.001), as payloads usually hold, without the round-trip formatting; false for
    /// any other value.
    /// </summary>
    /// <remarks>
    /// The value is that decimal when dividing its digits (an exact integer below 2^53) by the power of ten gives the
    /// value back: the division rounds as parsing the decimal does. It is then the shortest decimal that reads back as the
    /// value, as Java writes: below 10^7 a double's spacing is under 2e-9, so no other decimal of at most six fraction
    /// digits, and so none with fewer digits, lies within half of it.
    /// </remarks>
    internal static bool TryFormatShort(double value, Span<char> text, out int written)
    {
        written = 0;
        var abs = Math.Abs(value);
        if (!(abs >= 1e-3 && abs < 1e7))
        {
            return false;
        }

        long scale = 1;
        for (var fractionDigits = 0; fractionDigits <= MaxShortFractionDigits; fractionDigits++, scale *= 10)
        {
            var scaled = Math.Round(abs * scale);
            if (scaled / scale != abs)
            {
                continue;
            }

            var units = (long)scaled;
            var position = 0;
            if (value < 0)
            {
                text[position++] = '-';
            }

            (units / scale).TryFormat(text[position..], out var integerLength, default, CultureInfo.InvariantCulture);
            position += integerLength;
            text[position++] = '.';
            var fraction = units % scale;
            if (fraction == 0)
            {
                text[position++] = '0';
            }
            else
            {
                // The fraction's digits, zero-padded to fractionDigits; the last is not 0, or fewer digits would have done.
                position += fractionDigits;
                for (var i = position - 1; i >= position - fractionDigits; i--)
                {
                    text[i] = (char)('0' + (int)(fraction % 10));
                    fraction /= 10;
                }
            }

            written = position;
            return true;
        }

        return false;
    }

    /// <summary>The text of NaN, the infinities and the zeros; null for any other value.</summary>
    private static string? Special(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity")
        : value == 0 ? (BitConverter.DoubleToInt64Bits(value) < 0 ? "-0.0" : "0.0")
        : null;

    /// <summary>Java writes magnitudes in [10^-3, 10^7) plainly, the others in computerized scientific notation.</summary>
    private static bool Plain(double value)
    {
        var abs = Math.Abs(value);
        return abs >= 1e-3 && abs < 1e7;
    }

    /// <summary>
    /// The significant digits Java writes for a finite non-zero value (into <paramref name="digits"/>: no leading or
    /// trailing zeros), and where the decimal point falls before the first of them.
    /// </summary>
    private static (int Count, int Point) Significant(double value, Span<char> digits)
    {
        // "R" gives the shortest round-trip digits (at most 25 characters, "-1.2345678901234567E-308"); Java 19+ writes
        // the same digits.
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        var result = Significant(text[..written], digits);
        if (result.Count == 1)
        {
            // Java writes at least two digits and, when the shortest has one, the two-digit decimal closest to the value
            // (which "E1" rounds to): 4.9E-324 for the smallest subnormal, whose shortest is 5E-324. For any other value
            // that is d.0.
            value.TryFormat(text, out written, "E1", CultureInfo.InvariantCulture);
            result = Significant(text[..written], digits);
        }

        return result;
    }

    /// <summary>The significant digits of a number's text (sign, point and exponent read) and the decimal point's place.</summary>
    private static (int Count, int Point) Significant(ReadOnlySpan<char> text, Span<char> digits)
    {
        if (text[0] == '-')
        {
            text = text[1..];
        }

        var exponent = 0;
        var exponentAt = text.IndexOfAny('E', 'e');
        if (exponentAt >= 0)
        {
            exponent = int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..exponentAt];
        }

        var dot = text.IndexOf('.');
        var integerDigits = dot < 0 ? text.Length : dot;
        var first = -1;
        var count = 0;
        var position = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (first >= 0 || c != '0')
            {
                first = first < 0 ? position : first;
                digits[count++] = c;
            }

            position++;
        }

        // Trailing zeros are not significant.
        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        return (count, integerDigits + exponent - first);
    }
}
