using System;
using AslCompiler.Runtime.Api.Store;

namespace AslCompiler.Hosting;

/// <summary>Which store the hosted Step Functions uses: a factory (UseStore), a path opener for <see cref="AslCompilerOptions.StorePath"/> (UsePathStore), or neither (in memory).</summary>
internal sealed class StoreChoice
{
    public Func<IServiceProvider, IStepFunctionsStore>? Factory { get; set; }

    public Func<string, IStepFunctionsStore>? PathOpener { get; set; }
}
