; Windows: "Open in RunLens" on a folder and on a folder's background in Explorer. electron-builder includes this file
; (nsis.include in electron-builder.yml) and runs the macros on install and uninstall. SHCTX is the per-user or
; per-machine hive the installer writes to. The folder comes after `--` so that no folder name is read as a Chromium
; switch (the command-line injection class of CVE-2018-1000006).
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Directory\shell\RunLens" "" "Open in RunLens"
  WriteRegStr SHCTX "Software\Classes\Directory\shell\RunLens" "Icon" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Directory\shell\RunLens\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\RunLens" "" "Open in RunLens"
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\RunLens" "Icon" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\RunLens\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%V"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\Directory\shell\RunLens"
  DeleteRegKey SHCTX "Software\Classes\Directory\Background\shell\RunLens"
!macroend
