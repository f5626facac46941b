using System;
using System.Globalization;
using System.Text;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>JavaScript's <c>encodeURI</c>/<c>encodeURIComponent</c>/<c>decodeURI</c>/<c>decodeURIComponent</c>.</summary>
internal static class JsonataUri
{
    private const string ComponentUnescaped = "-_.!~*'()";
    private const string UriReserved = ";/?:@&=+$,#";

    public static string Encode(string s, bool component, string functionName)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || ComponentUnescaped.Contains(c, StringComparison.Ordinal) || (!component && UriReserved.Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
                continue;
            }

            int codePoint;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    throw Malformed(s, functionName);
                }

                codePoint = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                throw Malformed(s, functionName);
            }
            else
            {
                codePoint = c;
            }

            foreach (var b in Encoding.UTF8.GetBytes(char.ConvertFromUtf32(codePoint)))
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            // An escaped character takes up to nine: the text can grow well past the input.
            if (sb.Length > JsonataLimits.MaxStringLength)
            {
                throw JsonataLimits.StringTooLong(sb.Length);
            }
        }

        JsonataLimits.CheckStringLength(sb.Length);
        return sb.ToString();
    }

    public static string Decode(string s, bool component, string functionName)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            var start = i;
            var first = HexByte(s, i) ?? throw Malformed(s, functionName);
            i += 2;
            int length = first < 0x80 ? 1 : (first & 0xE0) == 0xC0 ? 2 : (first & 0xF0) == 0xE0 ? 3 : (first & 0xF8) == 0xF0 ? 4 : 0;
            if (length == 0)
            {
                throw Malformed(s, functionName);
            }

            var bytes = new byte[length];
            bytes[0] = (byte)first;
            for (var k = 1; k < length; k++)
            {
                if (i + 1 >= s.Length || s[i + 1] != '%')
                {
                    throw Malformed(s, functionName);
                }

                var b = HexByte(s, i + 1) ?? throw Malformed(s, functionName);
                if ((b & 0xC0) != 0x80)
                {
                    throw Malformed(s, functionName);
                }

                bytes[k] = (byte)b;
                i += 3;
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Malformed(s, functionName);
            }

            if (!component && length == 1 && (UriReserved.Contains(decoded[0], StringComparison.Ordinal)))
            {
                sb.Append(s, start, 3);
            }
            else
            {
                sb.Append(decoded);
            }
        }

        return sb.ToString();
    }

    private static int? HexByte(string s, int percent)
    {
        if (percent + 2 >= s.Length)
        {
            return null;
        }

        return int.TryParse(s.AsSpan(percent + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static JsonataException Malformed(string s, string functionName) =>
        new("D3140") { Value = s, HasValue = true, FunctionName = functionName };
}
