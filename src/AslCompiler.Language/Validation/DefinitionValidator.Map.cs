using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>Map states: processor, concurrency and tolerance, Distributed Map (ItemReader, ItemBatcher, ResultWriter, Label).</summary>
internal sealed partial class DefinitionValidator
{
    private const int MaxLabelLength = 40;

    private static readonly HashSet<char> ForbiddenLabelCharacters = new(" <>{}[]?*\"#%\\^|~`$&,;:/");

    private void ValidateMap(MapState map, bool jsonata, int depth)
    {
        var syntax = map.Syntax;
        if (!syntax.ContainsKey("ItemProcessor") && !syntax.ContainsKey("Iterator"))
        {
            SchemaOn(syntax, "These fields are required: [ItemProcessor]");
        }

        ExclusiveFields(syntax, "ItemProcessor", "Iterator");
        ExclusiveFields(syntax, "ItemSelector", "Parameters");
        ExclusiveFields(syntax, "MaxConcurrency", "MaxConcurrencyPath");
        ExclusiveFields(syntax, "ToleratedFailureCount", "ToleratedFailureCountPath");
        ExclusiveFields(syntax, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        ExpectObject(syntax, "ItemProcessor");
        ExpectObject(syntax, "Iterator");
        ExpectInteger(syntax, "MaxConcurrency", 0, int.MaxValue, jsonata);
        ExpectInteger(syntax, "ToleratedFailureCount", 0, int.MaxValue, jsonata);
        CheckPercentage(syntax, jsonata);
        ExpectString(syntax, "Label");
        if (jsonata)
        {
            CheckJsonataField(syntax, "ItemSelector");
            if (syntax.TryGetProperty("Items", out var items) && !(items.Value is JsonArraySyntax) &&
                !(items.Value is JsonStringSyntax text && AslKeywords.IsJsonataExpression(text.Value)))
            {
                Schema(items, "The field 'Items' must be an array or a JSONata expression, not " + Describe(items.Value));
            }

            CheckJsonataField(syntax, "Items");
        }
        else
        {
            CheckTemplateField(syntax, "ItemSelector");
            CheckPathField(syntax, "ItemsPath", PathKind.Reference, nullable: false);
            CheckPathField(syntax, "MaxConcurrencyPath", PathKind.Reference, nullable: false);
            CheckPathField(syntax, "ToleratedFailureCountPath", PathKind.Reference, nullable: false);
            CheckPathField(syntax, "ToleratedFailurePercentagePath", PathKind.Reference, nullable: false);
        }

        if (ExpectObject(syntax, "ItemReader") is not null && map.ItemReader is { } reader)
        {
            ValidateItemReader(reader, jsonata);
        }

        if (ExpectObject(syntax, "ItemBatcher") is not null && map.ItemBatcher is { } batcher)
        {
            ValidateItemBatcher(batcher, jsonata);
        }

        if (ExpectObject(syntax, "ResultWriter") is not null && map.ResultWriter is { } writer)
        {
            ValidateResultWriter(writer, jsonata);
        }

        if (map.Processor is { } processor)
        {
            ValidateProcessorConfig(map, processor);
            var outer = _region;
            if (processor.EffectiveMode == ProcessorMode.Distributed)
            {
                _region = ++_regions; // its states run as child executions, apart from the outer variables
            }

            ValidateNested(processor, depth);
            _region = outer;
        }
    }

    private void CheckPercentage(JsonObjectSyntax syntax, bool jsonata)
    {
        if (!syntax.TryGetProperty("ToleratedFailurePercentage", out var property))
        {
            return;
        }

        if (jsonata && property.Value is JsonStringSyntax text && AslKeywords.IsJsonataExpression(text.Value))
        {
            CheckJsonataString(text);
        }
        else if (property.Value is not JsonNumberSyntax number)
        {
            Schema(property, "The field 'ToleratedFailurePercentage' must be a number, not " + Describe(property.Value));
        }
        else if (number.Value < 0 || number.Value > 100)
        {
            Schema(property, "The field 'ToleratedFailurePercentage' must be between 0 and 100");
        }
    }

    private void ValidateProcessorConfig(MapState map, ItemProcessor processor)
    {
        var processorSyntax = processor.Syntax;
        if (processorSyntax.TryGetProperty("ProcessorConfig", out var configProperty) && configProperty.Value is not JsonObjectSyntax)
        {
            Schema(configProperty, "The field 'ProcessorConfig' must be an object, not " + Describe(configProperty.Value));
        }

        if (processor.ProcessorConfig is { } config)
        {
            ReportUnknownFields(config);
            ExpectEnum(config.Syntax, "Mode", "INLINE", "DISTRIBUTED");
            ExpectEnum(config.Syntax, "ExecutionType", "STANDARD", "EXPRESS");
            if (processor.EffectiveMode == ProcessorMode.Distributed)
            {
                RequireFields(config.Syntax, "ExecutionType");
            }
            else if (config.Syntax.TryGetProperty("ExecutionType", out var executionType))
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, "Field 'ExecutionType' is supported only when Mode is DISTRIBUTED", config.Syntax, executionType.NameSpan);
            }
        }

        _ = map;
    }

    private void ValidateItemReader(ItemReader reader, bool jsonata)
    {
        var syntax = reader.Syntax;
        ReportUnknownFields(reader);
        RequireFields(syntax, "Resource");
        if (ExpectString(syntax, "Resource") is { } resource)
        {
            ValidateResource(resource, jsonata);
        }

        CheckQueryLanguageTemplates(syntax, jsonata);
        if (syntax.TryGetProperty("ReaderConfig", out var configProperty) && configProperty.Value is not JsonObjectSyntax)
        {
            Schema(configProperty, "The field 'ReaderConfig' must be an object, not " + Describe(configProperty.Value));
        }

        if (reader.ReaderConfig is not { } config)
        {
            return;
        }

        var c = config.Syntax;
        ReportUnknownFields(config);
        ExpectEnum(c, "InputType", "CSV", "JSON", "JSONL", "MANIFEST", "PARQUET");
        ExpectEnum(c, "CSVHeaderLocation", "FIRST_ROW", "GIVEN");
        ExpectEnum(c, "CSVDelimiter", "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB");
        ExpectEnum(c, "ManifestType", "ATHENA_DATA", "S3_INVENTORY");
        ExpectEnum(c, "Transformation", "NONE", "LOAD_AND_FLATTEN");
        ExpectString(c, "ItemsPointer");
        ExpectInteger(c, "MaxItems", 0, 100000000, jsonata);
        ExclusiveFields(c, "MaxItems", "MaxItemsPath");
        if (jsonata)
        {
            ForbidInJsonata(c, "MaxItemsPath");
        }
        else
        {
            CheckPathField(c, "MaxItemsPath", PathKind.Reference, nullable: false);
        }

        if (config.CsvHeaderLocation == CsvHeaderLocation.Given)
        {
            RequireFields(c, "CSVHeaders");
        }

        if (c.TryGetProperty("CSVHeaders", out var headers) && config.CsvHeaders is null)
        {
            Schema(headers, "The field 'CSVHeaders' must be an array of strings");
        }
    }

    private void ValidateItemBatcher(ItemBatcher batcher, bool jsonata)
    {
        var syntax = batcher.Syntax;
        ReportUnknownFields(batcher);
        ExpectInteger(syntax, "MaxItemsPerBatch", 1, int.MaxValue, jsonata);
        ExpectInteger(syntax, "MaxInputBytesPerBatch", 1, 262144, jsonata);
        ExclusiveFields(syntax, "MaxItemsPerBatch", "MaxItemsPerBatchPath");
        ExclusiveFields(syntax, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath");
        var limits = 0;
        foreach (var name in new[] { "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath" })
        {
            if (syntax.ContainsKey(name))
            {
                limits++;
            }
        }

        if (limits == 0)
        {
            SchemaOn(syntax, "At least one of these fields is required: [MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]");
        }

        if (jsonata)
        {
            ForbidInJsonata(syntax, "MaxItemsPerBatchPath");
            ForbidInJsonata(syntax, "MaxInputBytesPerBatchPath");
            CheckJsonataField(syntax, "BatchInput");
        }
        else
        {
            CheckPathField(syntax, "MaxItemsPerBatchPath", PathKind.Reference, nullable: false);
            CheckPathField(syntax, "MaxInputBytesPerBatchPath", PathKind.Reference, nullable: false);
            CheckTemplateField(syntax, "BatchInput");
        }
    }

    private void ValidateResultWriter(ResultWriter writer, bool jsonata)
    {
        var syntax = writer.Syntax;
        ReportUnknownFields(writer);
        if (!syntax.ContainsKey("Resource") && !syntax.ContainsKey("WriterConfig"))
        {
            SchemaOn(syntax, "These fields are required: [Resource]");
        }

        if (ExpectString(syntax, "Resource") is { } resource)
        {
            ValidateResource(resource, jsonata);
        }

        CheckQueryLanguageTemplates(syntax, jsonata);
        if (syntax.TryGetProperty("WriterConfig", out var configProperty) && configProperty.Value is not JsonObjectSyntax)
        {
            Schema(configProperty, "The field 'WriterConfig' must be an object, not " + Describe(configProperty.Value));
        }

        if (writer.WriterConfig is { } config)
        {
            ReportUnknownFields(config);
            RequireFields(config.Syntax, "OutputType");
            ExpectEnum(config.Syntax, "OutputType", "JSON", "JSONL");
            ExpectEnum(config.Syntax, "Transformation", "NONE", "COMPACT", "FLATTEN");
        }
    }

    /// <summary>Parameters (JSONPath) or Arguments (JSONata) of an ItemReader or ResultWriter.</summary>
    private void CheckQueryLanguageTemplates(JsonObjectSyntax syntax, bool jsonata)
    {
        if (jsonata)
        {
            ForbidInJsonata(syntax, "Parameters");
            CheckJsonataField(syntax, "Arguments");
        }
        else
        {
            if (syntax.TryGetProperty("Arguments", out var arguments))
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, "Field 'Arguments' is supported only when QueryLanguage is JSONata", syntax, arguments.NameSpan);
            }

            CheckTemplateField(syntax, "Parameters");
        }
    }

    private void ForbidInJsonata(JsonObjectSyntax syntax, string name)
    {
        if (syntax.TryGetProperty(name, out var property))
        {
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                string.Format(CultureInfo.InvariantCulture, "Field '{0}' is not supported when QueryLanguage is JSONata", name),
                syntax,
                property.NameSpan);
        }
    }

    /// <summary>Labels of Map states: at most 40 characters, none of the characters AWS forbids in names, unique.</summary>
    private void ValidateLabels()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in _definition.AllStates())
        {
            if (state is not MapState map || map.Syntax["Label"] is not JsonStringSyntax label)
            {
                continue;
            }

            var value = label.Value;
            if (value.Length > MaxLabelLength)
            {
                Error(AslDiagnosticCodes.InvalidLabelName, "Label cannot exceed 40 characters", label, label.Span);
            }
            else if (FindInvalidLabelCharacter(value) is { } index)
            {
                Error(
                    AslDiagnosticCodes.InvalidLabelName,
                    string.Format(CultureInfo.InvariantCulture, "Label contains invalid character: '{0}'", DisplayCharacter(value[index])),
                    label,
                    InnerSpan(label, index, index + 1));
            }

            if (!seen.Add(value))
            {
                Error(
                    AslDiagnosticCodes.DuplicateLabelName,
                    string.Format(CultureInfo.InvariantCulture, "Duplicate Label name: {0}", value),
                    label,
                    label.Span);
            }
        }
    }

    private static int? FindInvalidLabelCharacter(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (ForbiddenLabelCharacters.Contains(c) || c <= '\u001F' || (c >= '\u007F' && c <= '\u009F') || char.IsWhiteSpace(c))
            {
                return i;
            }
        }

        return null;
    }

    private static string DisplayCharacter(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F')
            ? c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
            }
            : c.ToString();
}
