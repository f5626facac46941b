namespace AslCompiler.Language.Json;

/// <summary>Checks UTF-8 well-formedness (Unicode 15, table 3-7): no overlongs, no surrogates, nothing above U+10FFFF.</summary>
internal static class Utf8Validator
{
    /// <summary>The offset of the first byte that does not start a well-formed sequence, or -1.</summary>
    public static int FindFirstInvalid(byte[] bytes, int start)
    {
        var i = start;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int length;
            byte min = 0x80, max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                length = 2;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                length = 3;
                if (b == 0xE0)
                {
                    min = 0xA0;
                }
                else if (b == 0xED)
                {
                    max = 0x9F;
                }
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                length = 4;
                if (b == 0xF0)
                {
                    min = 0x90;
                }
                else if (b == 0xF4)
                {
                    max = 0x8F;
                }
            }
            else
            {
                return i;
            }

            if (i + length > bytes.Length)
            {
                return i;
            }

            var second = bytes[i + 1];
            if (second < min || second > max)
            {
                return i;
            }

            for (var k = 2; k < length; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80)
                {
                    return i;
                }
            }

            i += length;
        }

        return -1;
    }
}
