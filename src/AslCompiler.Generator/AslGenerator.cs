using System;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>
/// Turns each <c>*.asl.json</c> AdditionalFile into a partial class: the definition and its hash, state name constants,
/// a handler interface with one method per Task resource, and (when the runtime is referenced) a typed
/// <c>RunAsync</c> entry point. Definitions with errors are skipped; <see cref="AslDefinitionAnalyzer"/> reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class AslGenerator : IIncrementalGenerator
{
    /// <summary>The metadata name whose presence means the compilation references AslCompiler.Runtime.</summary>
    public const string RuntimeMarkerType = "AslCompiler.Runtime.Execution.ExecutionKernel";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(AslDefinitionAnalyzer.DefinitionSuffix, StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadFile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.DefinitionFiles);

        var definitions = files
            .Select(static (file, cancellationToken) => Parse(file, cancellationToken))
            .WithTrackingName(TrackingNames.Definitions);

        var hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(RuntimeMarkerType) is not null)
            .WithTrackingName(TrackingNames.RuntimeReference);

        var inputs = definitions
            .Combine(hasRuntime)
            .Select(static (pair, _) => new EmitInput(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.EmitInputs);

        context.RegisterSourceOutput(inputs, static (output, input) =>
        {
            if (input.Definition is { } definition)
            {
                output.AddSource(definition.HintName, Emit(definition, input.HasRuntime));
            }
        });
    }
}
