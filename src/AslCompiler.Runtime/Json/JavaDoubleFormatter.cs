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
    public static string Format(double value)
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
            return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0.0" : "0.0";
        }

        // "R" gives the shortest round-trip digits (in either notation); Java 19+ prints the same digits.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        ExtractDigits(shortest, out var negative, out var digits, out var pointPosition);
        if (digits.Length == 1)
        {
            // Java writes at least two digits and, when the shortest has one, the two-digit decimal closest to the value
            // (which "E1" rounds to): 4.9E-324 for the smallest subnormal, whose shortest is 5E-324. For any other value
            // that is d.0.
            ExtractDigits(value.ToString("E1", CultureInfo.InvariantCulture), out negative, out digits, out pointPosition);
        }

        var sb = new StringBuilder(digits.Length + 8);
        if (negative)
        {
            sb.Append('-');
        }

        var abs = Math.Abs(value);
        if (abs >= 1e-3 && abs < 1e7)
        {
            if (pointPosition <= 0)
            {
                sb.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.');
            sb.Append(digits.Length > 1 ? digits.Substring(1) : "0");
            sb.Append('E').Append((pointPosition - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The length of <see cref="Format"/>'s text, without making it: the payload check measures doubles this way, so a
    /// payload of many doubles near the size limit is measured without a string per number.
    /// </summary>
    public static int Length(double value)
    {
        if (double.IsNaN(value))
        {
            return 3;
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? 8 : 9;
        }

        if (value == 0)
        {
            return BitConverter.DoubleToInt64Bits(value) < 0 ? 4 : 3;
        }

        // The shortest round-trip text is at most 25 characters ("-1.2345678901234567E-308").
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        var negative = value < 0;
        var (digits, point) = Digits(text[..written]);
        if (digits == 1)
        {
            // Two digits at least, as Format writes them.
            value.TryFormat(text, out written, "E1", CultureInfo.InvariantCulture);
            (digits, point) = Digits(text[..written]);
        }

        var sign = negative ? 1 : 0;
        var abs = Math.Abs(value);
        if (abs >= 1e-3 && abs < 1e7)
        {
            return sign + (point <= 0 ? 2 - point + digits : point >= digits ? point + 2 : digits + 1);
        }

        var shown = point - 1;
        var exponentLength = (shown < 0 ? 1 : 0) + (Math.Abs(shown) >= 100 ? 3 : Math.Abs(shown) >= 10 ? 2 : 1);
        return sign + 2 + Math.Max(digits - 1, 1) + 1 + exponentLength;
    }

    /// <summary>
    /// The number of significant digits of a number's text (no leading or trailing zeros) and where the decimal point
    /// falls before the first of them, as <see cref="ExtractDigits"/> finds them.
    /// </summary>
    private static (int Digits, int Point) Digits(ReadOnlySpan<char> text)
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
        var last = -1;
        var position = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (c != '0')
            {
                first = first < 0 ? position : first;
                last = position;
            }

            position++;
        }

        return (last - first + 1, integerDigits + exponent - first);
    }

    /// <summary>Splits .NET's round-trip text into sign, significant digits (no leading/trailing zeros) and decimal point position.</summary>
    private static void ExtractDigits(string text, out bool negative, out string digits, out int pointPosition)
    {
        negative = text.StartsWith('-');
        var start = negative ? 1 : 0;
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? text[start..] : text[start..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = intPart + fracPart;
        var point = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        all = all[lead..];
        point -= lead;
        digits = all.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        pointPosition = point;
    }
}
