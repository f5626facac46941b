using System;
using System.Diagnostics;

namespace AslCompiler.Hosting;

/// <summary>
/// Reads the trace header given to StartExecution as the parent of the execution's span: a W3C <c>traceparent</c>
/// (<c>00-{trace id}-{span id}-{flags}</c>), or an AWS X-Ray header (<c>Root=1-{time}-{id};Parent={span id};Sampled=1</c>),
/// whose root maps to a W3C trace id the way X-Ray's own W3C bridge does (time and id joined).
/// </summary>
internal static class TraceHeader
{
    public static bool TryParse(string? header, out ActivityContext context)
    {
        context = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        header = header.Trim();
        if (ActivityContext.TryParse(header, null, isRemote: true, out context))
        {
            return true;
        }

        return TryParseXRay(header, out context);
    }

    private static bool TryParseXRay(string header, out ActivityContext context)
    {
        context = default;
        string? root = null;
        string? parent = null;
        var sampled = false;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            switch (key)
            {
                case "Root":
                    root = value;
                    break;
                case "Parent":
                    parent = value;
                    break;
                case "Sampled":
                    sampled = value == "1";
                    break;
            }
        }

        // Root=1-{8 hex: epoch seconds}-{24 hex}
        if (root is null || parent is null || root.Length != 35 || !root.StartsWith("1-", StringComparison.Ordinal) || root[10] != '-'
            || parent.Length != 16 || !IsLowerHex(parent))
        {
            return false;
        }

        var traceId = string.Concat(root.AsSpan(2, 8), root.AsSpan(11));
        if (!IsLowerHex(traceId) || traceId == new string('0', 32) || parent == new string('0', 16))
        {
            return false;
        }

        context = new ActivityContext(
            ActivityTraceId.CreateFromString(traceId),
            ActivitySpanId.CreateFromString(parent),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            traceState: null,
            isRemote: true);
        return true;
    }

    private static bool IsLowerHex(string text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
