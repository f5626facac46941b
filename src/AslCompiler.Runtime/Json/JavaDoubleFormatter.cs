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
