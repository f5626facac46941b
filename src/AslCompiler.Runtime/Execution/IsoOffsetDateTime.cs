using System;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Reads a Wait state's timestamp as AWS does: an ISO-8601 extended offset date-time
/// (<c>yyyy-MM-ddTHH:mm[:ss[.fraction]]</c> then <c>Z</c> or <c>±HH:MM[:SS]</c>), the fraction up to nanoseconds,
/// every field checked against the calendar (no month 13, no hour 25, no February 30). <c>T</c> and <c>Z</c> may be
/// lower case. A date without its <c>T</c> or a time without its offset is not one.
/// </summary>
internal static class IsoOffsetDateTime
{
    private static readonly long EarliestTicks = DateTime.MinValue.AddDays(1).Ticks;
    private static readonly long LatestTicks = DateTime.MaxValue.AddDays(-1).Ticks;

    /// <summary>Parses <paramref name="text"/>; false when it is not an ISO-8601 extended offset date-time.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();
        var i = 0;
        if (!Digits(s, ref i, 4, out var year) || !Literal(s, ref i, '-') || !Digits(s, ref i, 2, out var month) || !Literal(s, ref i, '-') || !Digits(s, ref i, 2, out var day))
        {
            return false;
        }

        if (i >= s.Length || (s[i] != 'T' && s[i] != 't'))
        {
            return false;
        }

        i++;
        if (!Digits(s, ref i, 2, out var hour) || !Literal(s, ref i, ':') || !Digits(s, ref i, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        long ticks = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!Digits(s, ref i, 2, out second))
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                var start = i;
                long nanos = 0;
                while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 9)
                {
                    nanos = (nanos * 10) + (s[i] - '0');
                    i++;
                }

                var count = i - start;
                if (count == 0)
                {
                    return false;
                }

                for (var k = count; k < 9; k++)
                {
                    nanos *= 10;
                }

                ticks = nanos / 100; // .NET keeps 100 ns ticks: the rest of a nanosecond fraction is dropped
            }
        }

        if (!Offset(s, ref i, out var offset) || i != s.Length)
        {
            return false;
        }

        // Year 0 is a year of the proleptic Gregorian calendar (ISO 8601, Java) that .NET does not have: its days are
        // checked as a leap year's, and the instant is taken as the earliest one below.
        var daysInMonth = month is < 1 or > 12 ? 0 : DateTime.DaysInMonth(year == 0 ? 2000 : year, month);
        if (month is < 1 or > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        if (year == 0)
        {
            value = new DateTimeOffset(EarliestTicks, TimeSpan.Zero);
            return true;
        }

        // The instant in UTC can fall outside .NET's years 1 to 9999 (0001-01-01T00:00+14:00 is in year 0; Java reads it):
        // such an instant, and the first and last day of the range, are taken as the nearest day inside, which keeps a
        // Wait's meaning (long past, or later than any execution can wait) and leaves room for the clock's arithmetic.
        var utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + ticks - offset.Ticks;
        utcTicks = Math.Clamp(utcTicks, EarliestTicks, LatestTicks);
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool Offset(ReadOnlySpan<char> s, ref int i, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] is 'Z' or 'z')
        {
            i++;
            return true;
        }

        if (s[i] is not ('+' or '-'))
        {
            return false;
        }

        var negative = s[i] == '-';
        i++;
        if (!Digits(s, ref i, 2, out var hours) || !Literal(s, ref i, ':') || !Digits(s, ref i, 2, out var minutes))
        {
            return false;
        }

        var seconds = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!Digits(s, ref i, 2, out seconds))
            {
                return false;
            }
        }

        if (hours > 18 || minutes > 59 || seconds > 59 || (hours == 18 && (minutes > 0 || seconds > 0)))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, seconds);
        if (negative)
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, ref int i, int count, out int value)
    {
        value = 0;
        if (i + count > s.Length)
        {
            return false;
        }

        for (var k = 0; k < count; k++)
        {
            var c = s[i + k];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        i += count;
        return true;
    }

    private static bool Literal(ReadOnlySpan<char> s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }
}
