@echo off
rem Hoc so: launcher for a classroom PC. See CAI-DAT.txt (step 2) before changing DATA.
rem DATA is the data folder shared from the trainer's PC (or a USB stick, e.g. E:\hocso).
setlocal
set "DATA=\\MAY-GV\hocso"
set "EXE=%~dp0hocso.exe"
if "%~1"==":run" goto run

rem Windows Terminal (built into Windows 11) draws the tone marks with Cascadia Mono.
where wt.exe >nul 2>nul
if not errorlevel 1 (
  start "" wt.exe --title "Hoc so" "%~f0" :run
  exit /b
)
rem The old console keeps its font per window title: Consolas for "Hoc so", because the
rem default on some PCs, Lucida Console, lacks some Vietnamese letters (a with dot below, u with horn and tilde).
reg add "HKCU\Console\Hoc so" /v FaceName /t REG_SZ /d Consolas /f >nul 2>nul
reg add "HKCU\Console\Hoc so" /v FontFamily /t REG_DWORD /d 54 /f >nul 2>nul
reg add "HKCU\Console\Hoc so" /v FontSize /t REG_DWORD /d 1179648 /f >nul 2>nul
start "Hoc so" "%ComSpec%" /c ""%~f0" :run"
exit /b

:run
"%EXE%" --data-dir "%DATA%" --classroom
rem A message (the shared folder cannot be reached, ...) stays readable until a key is pressed.
if errorlevel 1 pause
