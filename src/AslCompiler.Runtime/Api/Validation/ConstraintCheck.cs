using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AslCompiler.Runtime.Api.Validation;

/// <summary>
/// Collects field-constraint violations and raises them together, worded as AWS's request validation words
/// them: <c>1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member
/// must have value less than or equal to 1000</c> (several are joined with <c>; </c>).
/// </summary>
internal sealed class ConstraintCheck
{
    /// <summary>The pattern tag keys and values must match (Unicode letters, digits, white space, <c>_ . : / = + - @</c>).</summary>
    public const string TagPattern = @"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$";

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public void Required(object? value, string member)
    {
        if (value is null)
        {
            Add("null", member, "Member must not be null");
        }
    }

    /// <summary>
    /// A length limit. A <paramref name="sensitive"/> member (one AWS's model marks sensitive: an input, an output, a
    /// definition, an error or a cause) is named without its value (<c>Value at 'input' failed to ...</c>), as AWS leaves
    /// sensitive values out of its messages (and a payload of 256 KiB or a definition of 1 MB out of the answer).
    /// </summary>
    public void Length(string? value, string member, int? min, int? max, bool sensitive = false)
    {
        if (value is null)
        {
            return;
        }

        if (min is { } lo && value.Length < lo)
        {
            Add(Shown(value, sensitive), member, "Member must have length greater than or equal to " + Format(lo));
        }

        if (max is { } hi && value.Length > hi)
        {
            Add(Shown(value, sensitive), member, "Member must have length less than or equal to " + Format(hi));
        }
    }

    /// <summary>
    /// The length limit of a payload member (an execution's <c>input</c>, a task's <c>output</c>), which AWS applies to
    /// the payload size: bytes in UTF-8, not characters. A text of more characters than that is longer in bytes too.
    /// </summary>
    public void Utf8Length(string? value, string member, int max, bool sensitive = false)
    {
        if (value is not null && (value.Length > max || (value.Length > max / 3 && Encoding.UTF8.GetByteCount(value) > max)))
        {
            Add(Shown(value, sensitive), member, "Member must have length less than or equal to " + Format(max));
        }
    }

    public void EachLength(IReadOnlyList<string>? values, string member, int? min, int? max)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Required(values[i], Item(member, i));
            Length(values[i], Item(member, i), min, max);
        }
    }

    public void Range(long? value, string member, long? min, long? max)
    {
        if (value is not { } v)
        {
            return;
        }

        if (min is { } lo && v < lo)
        {
            Add(Quote(Format(v)), member, "Member must have value greater than or equal to " + Format(lo));
        }

        if (max is { } hi && v > hi)
        {
            Add(Quote(Format(v)), member, "Member must have value less than or equal to " + Format(hi));
        }
    }

    public void Range(float? value, string member, long? min, long? max)
    {
        if (value is not { } v)
        {
            return;
        }

        if (float.IsNaN(v) || (min is { } lo && v < lo))
        {
            Add(Quote(v.ToString(CultureInfo.InvariantCulture)), member, "Member must have value greater than or equal to " + Format(min ?? 0));
        }

        if (max is { } hi && v > hi)
        {
            Add(Quote(v.ToString(CultureInfo.InvariantCulture)), member, "Member must have value less than or equal to " + Format(hi));
        }
    }

    public void Pattern(string? value, string member, string pattern)
    {
        if (value is null)
        {
            return;
        }

        // AWS patterns match the whole value; \p{ASCII} is Java's name for .NET's \p{IsBasicLatin}.
        var regex = Patterns.GetOrAdd(pattern, static p => new Regex(
            "^(?:" + p.Replace(@"\p{ASCII}", @"\p{IsBasicLatin}", StringComparison.Ordinal) + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        if (!regex.IsMatch(value))
        {
            Add(Quote(value), member, "Member must satisfy regular expression pattern: " + pattern);
        }
    }

    public void Count<T>(IReadOnlyList<T>? values, string member, int? min, int? max)
    {
        if (values is null)
        {
            return;
        }

        if (min is { } lo && values.Count < lo)
        {
            Add(Quote(ListText(values)), member, "Member must have length greater than or equal to " + Format(lo));
        }

        if (max is { } hi && values.Count > hi)
        {
            Add(Quote(ListText(values)), member, "Member must have length less than or equal to " + Format(hi));
        }
    }

    public void Enum<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>(TEnum? value, string member)
        where TEnum : struct, Enum
    {
        if (value is { } v && !WireName.IsDefined(v))
        {
            Add(Quote(Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)), member,
                "Member must satisfy enum value set: " + WireName.ValueSetText<TEnum>());
        }
    }

    public void Tags(IReadOnlyList<Tag>? tags, string member)
    {
        if (tags is null)
        {
            return;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            var at = Item(member, i);
            Required(tag, at);
            if (tag is null)
            {
                continue;
            }

            Required(tag.Key, at + ".key");
            Length(tag.Key, at + ".key", 1, 128);
            Pattern(tag.Key, at + ".key", TagPattern);
            Required(tag.Value, at + ".value");
            Length(tag.Value, at + ".value", 0, 256);
            Pattern(tag.Value, at + ".value", TagPattern);
        }
    }

    public void Routing(IReadOnlyList<RoutingConfigurationListItem>? routes, string member)
    {
        if (routes is null)
        {
            return;
        }

        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var at = Item(member, i);
            Required(route, at);
            if (route is null)
            {
                continue;
            }

            Required(route.StateMachineVersionArn, at + ".stateMachineVersionArn");
            Length(route.StateMachineVersionArn, at + ".stateMachineVersionArn", 1, 256);
            Range(route.Weight, at + ".weight", 0, 100);
        }
    }

    public void Logging(LoggingConfiguration? logging, string member)
    {
        if (logging is null)
        {
            return;
        }

        Enum(logging.Level, member + ".level");
        if (logging.Destinations is { } destinations)
        {
            for (var i = 0; i < destinations.Count; i++)
            {
                Length(destinations[i]?.CloudWatchLogsLogGroup?.LogGroupArn, Item(member + ".destinations", i) + ".cloudWatchLogsLogGroup.logGroupArn", 1, 256);
            }
        }
    }

    public void Encryption(EncryptionConfiguration? encryption, string member)
    {
        // The reuse period (60-900) is refused as InvalidEncryptionConfiguration, as the reference documents, not here.
        if (encryption is null)
        {
            return;
        }

        Enum((EncryptionType?)encryption.Type, member + ".type");
        Length(encryption.KmsKeyId, member + ".kmsKeyId", 1, 2048);
    }

    public void Mock(MockInput? mock, string member)
    {
        if (mock is null)
        {
            return;
        }

        Enum<MockResponseValidationMode>(mock.FieldValidationMode, member + ".fieldValidationMode");
        Length(mock.Result, member + ".result", null, 262144, sensitive: true);
        Length(mock.ErrorOutput?.Error, member + ".errorOutput.error", 0, 256, sensitive: true);
        Length(mock.ErrorOutput?.Cause, member + ".errorOutput.cause", 0, 32768, sensitive: true);
    }

    public void StateConfiguration(TestStateConfiguration? configuration, string member)
    {
        if (configuration is null)
        {
            return;
        }

        Range(configuration.RetrierRetryCount, member + ".retrierRetryCount", 0, null);
        Length(configuration.ErrorCausedByState, member + ".errorCausedByState", 1, 80, sensitive: true);
        Range(configuration.MapIterationFailureCount, member + ".mapIterationFailureCount", 0, null);
        Length(configuration.MapItemReaderData, member + ".mapItemReaderData", null, 262144, sensitive: true);
    }

    /// <summary>Raises the collected violations, if any.</summary>
    public void ThrowIfAny()
    {
        if (_violations.Count == 0)
        {
            return;
        }

        var count = _violations.Count;
        var message = new StringBuilder()
            .Append(count.ToString(CultureInfo.InvariantCulture))
            .Append(count == 1 ? " validation error detected: " : " validation errors detected: ")
            .AppendJoin("; ", _violations)
            .ToString();
        throw new ValidationException(message);
    }

    private void Add(string? value, string member, string constraint) =>
        _violations.Add((value is null ? "Value at '" : "Value " + value + " at '") + member + "' failed to satisfy constraint: " + constraint);

    /// <summary>How a value is shown in a message: quoted, or not at all when it is sensitive.</summary>
    private static string? Shown(string value, bool sensitive) => sensitive ? null : Quote(value);

    private static string Item(string member, int index) => member + "." + Format(index + 1) + ".member";

    private static string Quote(string value) => "'" + value + "'";

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ListText<T>(IReadOnlyList<T> values) => "[" + string.Join(", ", values.Select(ItemText)) + "]";

    // AWS prints list members the way its Java model prints them, e.g. RoutingConfigurationListItem(stateMachineVersionArn=..., weight=50).
    private static string ItemText<T>(T value) => value switch
    {
        RoutingConfigurationListItem r => "RoutingConfigurationListItem(stateMachineVersionArn=" + r.StateMachineVersionArn + ", weight=" + Format(r.Weight) + ")",
        Tag t => "Tag(key=" + t.Key + ", value=" + t.Value + ")",
        null => "null",
        _ => value.ToString() ?? "null",
    };
}
