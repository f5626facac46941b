using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Sqlite;

/// <summary>
/// The binary form of a commit's journal records (one <c>journal_entries.records</c> blob holds every record one commit
/// made durable). Each record is: a kind byte (1–8 for the kernel's kinds, 0 when the kind's UTF-8 text follows as a
/// length-prefixed string), then the key and the data as length-prefixed UTF-8. Lengths are unsigned LEB128 varints.
/// </summary>
internal static class JournalCodec
{
    // Index = code; 0 is "the kind is written out".
    private static readonly string[] Kinds = [string.Empty, "event", "task", "timer", "token", "items", "seed", "maprun", "childevent"];

    /// <summary>Appends <paramref name="record"/> to <paramref name="buffer"/> (rented from the shared pool, grown by renting a larger one).</summary>
    public static void Append(ref byte[]? buffer, ref int length, JournalRecord record)
    {
        var code = KindCode(record.Kind);
        var keyBytes = Encoding.UTF8.GetByteCount(record.Key);
        var dataBytes = Encoding.UTF8.GetByteCount(record.Data);
        var kindBytes = code == 0 ? Encoding.UTF8.GetByteCount(record.Kind) : 0;
        var needed = 1 + (code == 0 ? 5 + kindBytes : 0) + 5 + keyBytes + 5 + dataBytes;
        Ensure(ref buffer, length, needed);
        var span = buffer.AsSpan(length);
        var at = 0;
        span[at++] = code;
        if (code == 0)
        {
            at += WriteString(span[at..], record.Kind, kindBytes);
        }

        at += WriteString(span[at..], record.Key, keyBytes);
        at += WriteString(span[at..], record.Data, dataBytes);
        length += at;
    }

    /// <summary>Reads every record of one blob, in the order they were staged.</summary>
    public static void Decode(ReadOnlySpan<byte> blob, List<JournalRecord> into)
    {
        var at = 0;
        while (at < blob.Length)
        {
            var code = blob[at++];
            string kind;
            if (code == 0)
            {
                kind = ReadString(blob, ref at);
            }
            else if (code < Kinds.Length)
            {
                kind = Kinds[code];
            }
            else
            {
                throw new FormatException("Unknown journal record kind code " + code + ".");
            }

            var key = ReadString(blob, ref at);
            var data = ReadString(blob, ref at);
            into.Add(new JournalRecord(key, kind, data));
        }
    }

    private static byte KindCode(string kind)
    {
        for (var i = 1; i < Kinds.Length; i++)
        {
            if (string.Equals(Kinds[i], kind, StringComparison.Ordinal))
            {
                return (byte)i;
            }
        }

        return 0;
    }

    private static void Ensure([System.Diagnostics.CodeAnalysis.NotNull] ref byte[]? buffer, int length, int needed)
    {
        if (buffer is not null && buffer.Length - length >= needed)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(length + needed, Math.Max(256, (buffer?.Length ?? 0) * 2)));
        if (buffer is not null)
        {
            buffer.AsSpan(0, length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = grown;
    }

    private static int WriteString(Span<byte> span, string text, int byteCount)
    {
        var at = WriteVarint(span, (uint)byteCount);
        return at + Encoding.UTF8.GetBytes(text, span[at..]);
    }

    private static int WriteVarint(Span<byte> span, uint value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[at++] = (byte)value;
        return at;
    }

    private static string ReadString(ReadOnlySpan<byte> blob, ref int at)
    {
        uint length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= blob.Length || shift > 28)
            {
                throw new FormatException("A journal record is truncated or malformed.");
            }

            var b = blob[at++];
            length |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (uint)(blob.Length - at))
        {
            throw new FormatException("A journal record is truncated or malformed.");
        }

        var text = length == 0 ? string.Empty : Encoding.UTF8.GetString(blob.Slice(at, (int)length));
        at += (int)length;
        return text;
    }
}
