using System;
using System.Globalization;
using System.Text;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>Number and value printing as JavaScript (and so JSONata) does it.</summary>
internal static class JsonataText
{
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
